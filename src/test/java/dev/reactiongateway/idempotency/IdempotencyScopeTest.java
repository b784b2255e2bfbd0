package dev.reactiongateway.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class IdempotencyScopeTest {

  @Test
  void aCallerNameHoldingTheSeparatorCannotReachAnotherCallersKeys() {
    assertNotEquals(Idempotency.scoped("team:x", "k"), Idempotency.scoped("team", "x:k"));
    assertNotEquals(Idempotency.scoped("a%3Ab", "k"), Idempotency.scoped("a:b", "k"));
  }

  @Test
  void aPlainCallerNameKeepsItsScope() {
    assertEquals("billing:k-1", Idempotency.scoped("billing", "k-1"));
  }
}
