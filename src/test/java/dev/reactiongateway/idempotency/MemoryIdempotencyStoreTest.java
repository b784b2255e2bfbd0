package dev.reactiongateway.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemoryIdempotencyStoreTest {

  private static final StoredAnswer OK = new StoredAnswer(200, "{}", null);

  private final MemoryIdempotencyStore store =
      new MemoryIdempotencyStore(1_000, Duration.ofSeconds(30), Duration.ofHours(24));

  @Test
  void theFirstClaimWinsAndLaterOnesSeeItInFlight() {
    Claim first = store.claim("k", "fp").await().indefinitely();
    Claim second = store.claim("k", "fp").await().indefinitely();
    assertTrue(first.acquired());
    assertFalse(second.acquired());
    assertTrue(second.inFlight());
    assertEquals("fp", second.existingFingerprint());
  }

  @Test
  void aCompletedKeyReplaysItsAnswer() {
    Claim owner = store.claim("k", "fp").await().indefinitely();
    store.complete(owner, "fp", OK).await().indefinitely();
    Claim later = store.claim("k", "fp").await().indefinitely();
    assertFalse(later.inFlight());
    assertEquals(OK, later.existingAnswer());
  }

  @Test
  void aReleasedKeyCanBeClaimedAgain() {
    Claim owner = store.claim("k", "fp").await().indefinitely();
    store.release(owner).await().indefinitely();
    assertTrue(store.claim("k", "fp").await().indefinitely().acquired());
  }

  @Test
  void onlyTheOwnerCanCompleteOrRelease() {
    Claim owner = store.claim("k", "fp").await().indefinitely();
    Claim stranger = Claim.acquired("k", "someone-else");
    store.release(stranger).await().indefinitely();
    store.complete(stranger, "fp", OK).await().indefinitely();
    Claim later = store.claim("k", "fp").await().indefinitely();
    assertTrue(later.inFlight(), "the owner's claim is untouched");
    assertNull(later.existingAnswer());
    store.complete(owner, "fp", OK).await().indefinitely();
  }

  @Test
  void aClaimExpiresWithItsLease() throws InterruptedException {
    MemoryIdempotencyStore shortLease =
        new MemoryIdempotencyStore(10, Duration.ofMillis(50), Duration.ofHours(24));
    shortLease.claim("k", "fp").await().indefinitely();
    Thread.sleep(120);
    assertTrue(shortLease.claim("k", "fp").await().indefinitely().acquired());
  }

  @Test
  void manyDistinctKeysNeverGrowTheStorePastItsBound() {
    for (int i = 0; i < 50_000; i++) {
      Claim claim = store.claim("key-" + i, "fp").await().indefinitely();
      store.complete(claim, "fp", OK).await().indefinitely();
    }
    long size = store.size();
    assertTrue(size <= 1_000, "held " + size + " entries");
  }
}
