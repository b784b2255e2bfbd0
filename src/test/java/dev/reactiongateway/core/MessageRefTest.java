package dev.reactiongateway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageRefTest {

  @ParameterizedTest
  @ValueSource(strings = {"msg_01H", "a", "A-b_c.d", "..a", "a..", "0"})
  void chertAcceptsSafeIds(String id) {
    assertEquals(id, MessageRef.of(Provider.CHERT, id).id());
  }

  @Test
  void chertAcceptsExactly128Characters() {
    String id = "a".repeat(128);
    assertEquals(id, MessageRef.of(Provider.CHERT, id).id());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/b", "a%2Fb", "a?x=1", "a#b", "a b", ".", "..", "", "a:b", "é"})
  void chertRejectsAnythingThatCouldChangeThePath(String id) {
    GatewayException failure =
        assertThrows(GatewayException.class, () -> MessageRef.of(Provider.CHERT, id));
    assertEquals(ErrorCode.INVALID_MESSAGE_ID, failure.code());
  }

  @Test
  void chertRejects129Characters() {
    GatewayException failure =
        assertThrows(GatewayException.class, () -> MessageRef.of(Provider.CHERT, "a".repeat(129)));
    assertEquals(ErrorCode.INVALID_MESSAGE_ID, failure.code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "224", "9223372036854775807"})
  void linqAcceptsPositiveLongs(String id) {
    assertEquals(id, MessageRef.of(Provider.LINQ, id).id());
  }

  @Test
  void linqIdsAreCanonicalised() {
    assertEquals("7", MessageRef.of(Provider.LINQ, "007").id());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"abc", "0", "-1", "9223372036854775808", "+5", "1.0", "1e3", " 1", "", "00"})
  void linqRejectsAnythingButAPositiveLong(String id) {
    GatewayException failure =
        assertThrows(GatewayException.class, () -> MessageRef.of(Provider.LINQ, id));
    assertEquals(ErrorCode.INVALID_MESSAGE_ID, failure.code());
  }
}
