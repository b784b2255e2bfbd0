package dev.reactiongateway.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryIdempotencyStoreTest {

  static final StoredAnswer OK = new StoredAnswer(200, "{}", null);
  static final StoredAnswer UNKNOWN =
      new StoredAnswer(502, "{\"code\":\"provider_timeout\"}", null);
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration RETENTION = Duration.ofHours(24);

  private final AtomicLong now = new AtomicLong();
  private final MemoryIdempotencyStore store = store(1_000);

  private MemoryIdempotencyStore store(long bound) {
    return new MemoryIdempotencyStore(bound, LEASE, RETENTION, now::get);
  }

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  private static Claim claim(MemoryIdempotencyStore store, String key) {
    return store.claim(key, "fp").await().indefinitely();
  }

  private static void complete(MemoryIdempotencyStore store, String key) {
    Claim owner = claim(store, key);
    assertTrue(owner.acquired(), key + " was free");
    store.complete(owner, "fp", OK).await().indefinitely();
  }

  @Test
  void theFirstClaimWinsAndLaterOnesSeeItInFlight() {
    Claim first = claim(store, "k");
    Claim second = claim(store, "k");
    assertTrue(first.acquired());
    assertFalse(second.acquired());
    assertTrue(second.inFlight());
    assertEquals("fp", second.existingFingerprint());
  }

  @Test
  void aCompletedKeyReplaysItsAnswer() {
    complete(store, "k");
    Claim later = claim(store, "k");
    assertFalse(later.inFlight());
    assertEquals(OK, later.existingAnswer());
  }

  @Test
  void aReleasedKeyCanBeClaimedAgain() {
    store.release(claim(store, "k")).await().indefinitely();
    assertTrue(claim(store, "k").acquired());
  }

  @Test
  void onlyTheOwnerCanCompleteOrRelease() {
    Claim owner = claim(store, "k");
    Claim stranger = Claim.acquired("k", "someone-else");
    store.release(stranger).await().indefinitely();
    store.complete(stranger, "fp", OK).await().indefinitely();
    Claim later = claim(store, "k");
    assertTrue(later.inFlight(), "the owner's claim is untouched");
    assertNull(later.existingAnswer());
    store.complete(owner, "fp", OK).await().indefinitely();
  }

  @Test
  void aClaimWhoseOwnerVanishedBeforeWritingIsFreeAfterTheLease() {
    claim(store, "k");
    advance(LEASE.plusMillis(1));
    assertTrue(claim(store, "k").acquired());
  }

  @Test
  void aClaimWhoseOwnerVanishedAfterWritingResolvesToOutcomeUnknown() {
    Claim owner = claim(store, "k");
    store.markWritten(owner, UNKNOWN).await().indefinitely();
    advance(LEASE.minusMillis(1));
    assertTrue(claim(store, "k").inFlight(), "still the owner's within the lease");
    advance(Duration.ofMillis(2));

    Claim retry = claim(store, "k");
    assertFalse(retry.acquired(), "a possibly written attempt is never sent again");
    assertEquals(UNKNOWN, retry.existingAnswer());
    advance(RETENTION.minusSeconds(1));
    assertEquals(UNKNOWN, claim(store, "k").existingAnswer(), "kept for the retention window");
  }

  @Test
  void aMarkAfterTheLeasePassedFailsSoNothingIsSent() {
    Claim owner = claim(store, "k");
    advance(LEASE.plusMillis(1));
    assertTrue(claim(store, "k").acquired());
    assertThrows(
        RuntimeException.class, () -> store.markWritten(owner, UNKNOWN).await().indefinitely());
  }

  @Test
  void fillingPastTheBoundWithCompletedKeysKeepsEveryNewestKey() {
    int bound = 1_000;
    int inFlight = 100;
    MemoryIdempotencyStore bounded = store(bound);
    for (int i = 0; i < inFlight; i++) {
      assertTrue(claim(bounded, "running-" + i).acquired());
    }
    int added = 1_500;
    for (int i = 0; i < added; i++) {
      complete(bounded, "done-" + i);
      advance(Duration.ofMillis(1));
    }
    for (int i = added - (bound - inFlight); i < added; i++) {
      assertEquals(OK, claim(bounded, "done-" + i).existingAnswer(), "done-" + i + " replays");
    }
    for (int i = 0; i < inFlight; i++) {
      assertTrue(claim(bounded, "running-" + i).inFlight(), "running-" + i + " still in flight");
    }
  }

  @Test
  void anInFlightClaimSurvivesTenTimesTheBoundOfNewKeys() {
    int bound = 100;
    MemoryIdempotencyStore bounded = store(bound);
    assertTrue(claim(bounded, "running").acquired());
    for (int i = 0; i < 10 * bound; i++) {
      complete(bounded, "new-" + i);
    }
    assertTrue(claim(bounded, "running").inFlight());
  }

  @Test
  void aBoundFullOfInFlightClaimsRefusesANewKey() {
    MemoryIdempotencyStore bounded = store(3);
    List<Claim> running = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      running.add(claim(bounded, "running-" + i));
    }
    assertThrows(StoreFull.class, () -> claim(bounded, "one-more"));
    assertTrue(claim(bounded, "running-0").inFlight(), "a known key is still answered");

    bounded.release(running.get(0)).await().indefinitely();
    assertTrue(claim(bounded, "one-more").acquired(), "room again once a claim ends");
  }

  @Test
  void completedKeysLeaveWithTheirRetention() {
    MemoryIdempotencyStore bounded = store(10);
    for (int i = 0; i < 10; i++) {
      complete(bounded, "old-" + i);
    }
    advance(RETENTION.plusMillis(1));
    for (int i = 0; i < 10; i++) {
      assertTrue(claim(bounded, "new-" + i).acquired());
    }
    assertEquals(10, bounded.size());
  }

  @Test
  void manyDistinctKeysNeverGrowTheStorePastItsBound() {
    for (int i = 0; i < 50_000; i++) {
      complete(store, "key-" + i);
    }
    long size = store.size();
    assertTrue(size <= 1_000, "held " + size + " entries");
  }
}
