package dev.reactiongateway.provider.chert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChertMessageIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"msg_01H", "a", "A-b_c.d", "..a", "a..", "0"})
  void chertAcceptsSafeIds(String id) {
    assertEquals(id, ChertMessageIds.canonical(id));
  }

  @Test
  void chertAcceptsExactly128Characters() {
    String id = "a".repeat(128);
    assertEquals(id, ChertMessageIds.canonical(id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/b", "a%2Fb", "a?x=1", "a#b", "a b", ".", "..", "", "a:b", "é"})
  void chertRejectsAnythingThatCouldChangeThePath(String id) {
    GatewayException failure =
        assertThrows(GatewayException.class, () -> ChertMessageIds.canonical(id));
    assertEquals(ErrorCode.INVALID_MESSAGE_ID, failure.code());
  }

  @Test
  void chertRejects129Characters() {
    GatewayException failure =
        assertThrows(GatewayException.class, () -> ChertMessageIds.canonical("a".repeat(129)));
    assertEquals(ErrorCode.INVALID_MESSAGE_ID, failure.code());
  }
}
