package dev.reactiongateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code Idempotency-Key} header as read, and the visible-ASCII check both headers share. */
class KeyedReactionsTest {

  @Test
  void noHeaderIsNoKey() {
    assertNull(KeyedReactions.key(List.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"k", "order-42:retry", "!~"})
  void aVisibleAsciiKeyIsTakenAsSent(String key) {
    assertEquals(key, KeyedReactions.key(List.of(key)));
  }

  @Test
  void aKeyOfTheLongestLengthIsTaken() {
    String key = "k".repeat(KeyedReactions.MAX_KEY_LENGTH);
    assertEquals(key, KeyedReactions.key(List.of(key)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "two words", "tab\there", "del\u007f", "café"})
  void aKeyThatIsNotVisibleAsciiIsRefused(String key) {
    GatewayException refused =
        assertThrows(GatewayException.class, () -> KeyedReactions.key(List.of(key)));
    assertEquals(ErrorCode.INVALID_REQUEST, refused.code());
    assertTrue(refused.detail().contains("1-255 visible ASCII"), refused.detail());
  }

  @Test
  void aKeyTooLongIsRefused() {
    String key = "k".repeat(KeyedReactions.MAX_KEY_LENGTH + 1);
    assertThrows(GatewayException.class, () -> KeyedReactions.key(List.of(key)));
  }

  @Test
  void severalHeadersAreRefused() {
    GatewayException refused =
        assertThrows(GatewayException.class, () -> KeyedReactions.key(List.of("a", "b")));
    assertEquals(ErrorCode.INVALID_REQUEST, refused.code());
    assertTrue(refused.detail().contains("one Idempotency-Key"), refused.detail());
  }

  @Test
  void aRequestIdIsEchoedWithinItsOwnLengthOnly() {
    String longest = "x".repeat(RequestIds.MAX_LENGTH);
    assertEquals(longest, RequestIds.saneOrNew(longest));
    assertTrue(RequestIds.visibleAscii(longest, RequestIds.MAX_LENGTH));
    assertFalse(RequestIds.visibleAscii(longest + "x", RequestIds.MAX_LENGTH));
    assertFalse(RequestIds.visibleAscii(null, RequestIds.MAX_LENGTH));
  }
}
