package dev.reactiongateway.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of claim, mark, complete, release and time passing against the memory store,
 * checked step by step against the rules of docs/idempotency.md: a kept key never lets a request be
 * sent again, a live claim is never taken over, and a key nobody holds is free.
 */
class MemoryStoreSequencesTest {

  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration RETENTION = Duration.ofHours(1);
  private static final StoredAnswer OK = new StoredAnswer(200, "{\"status\":\"sent\"}", null);
  private static final StoredAnswer UNKNOWN =
      new StoredAnswer(502, "{\"code\":\"provider_timeout\"}", null);
  private static final int KEYS = 6;

  /** What the rules say a key is: nobody's, held by an owner, or answered until a moment. */
  private static final class Expected {
    Claim owner;
    long leaseUntil;
    boolean written;
    StoredAnswer kept;
    long keptUntil;
  }

  @Test
  void aKeptKeyNeverSendsAgainAndALiveClaimIsNeverTakenOver() {
    for (long seed = 1; seed <= 300; seed++) {
      try {
        runSequence(new Random(seed), 300);
      } catch (AssertionError failure) {
        throw new AssertionError(
            "sequence with seed " + seed + ": " + failure.getMessage(), failure);
      }
    }
  }

  private static void runSequence(Random random, int steps) {
    AtomicLong now = new AtomicLong();
    // Bound above the number of keys: this checks the lapse rules; the bound has its own tests.
    MemoryIdempotencyStore store = new MemoryIdempotencyStore(KEYS + 2, LEASE, RETENTION, now::get);
    Map<String, Expected> expected = new HashMap<>();
    List<Claim> everyOwner = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      String key = "k" + random.nextInt(KEYS);
      Expected rule = expected.computeIfAbsent(key, k -> new Expected());
      long t = now.get();
      boolean live = rule.owner != null && t < rule.leaseUntil;
      boolean stale = random.nextInt(4) == 0 && !everyOwner.isEmpty();
      Claim actor = stale ? everyOwner.get(random.nextInt(everyOwner.size())) : rule.owner;
      String where = "step " + step + " " + key + " at " + Duration.ofNanos(t) + ": ";
      switch (random.nextInt(5)) {
        case 0 -> {
          Claim claim = store.claim(key, "fp").await().indefinitely();
          if (rule.kept != null && t < rule.keptUntil) {
            assertFalse(claim.acquired(), where + "a kept key was claimed again");
            assertEquals(rule.kept, claim.existingAnswer(), where + "the kept answer");
          } else if (live) {
            assertTrue(claim.inFlight(), where + "a live claim was taken over");
          } else if (rule.owner != null
              && rule.written
              && t < rule.leaseUntil + RETENTION.toNanos()) {
            assertEquals(UNKNOWN, claim.existingAnswer(), where + "a lapsed written claim");
            rule.owner = null;
            rule.kept = UNKNOWN;
            rule.keptUntil = rule.leaseUntil + RETENTION.toNanos();
          } else {
            assertTrue(claim.acquired(), where + "a key nobody holds is free");
            everyOwner.add(claim);
            rule.owner = claim;
            rule.leaseUntil = t + LEASE.toNanos();
            rule.written = false;
            rule.kept = null;
          }
        }
        case 1 -> {
          if (actor == null || !actor.key().equals(key)) {
            continue;
          }
          boolean owns = live && actor == rule.owner;
          try {
            store.markWritten(actor, UNKNOWN).await().indefinitely();
            assertTrue(owns, where + "a mark by a claim that does not hold the key succeeded");
            rule.written = true;
          } catch (IllegalStateException refused) {
            assertFalse(owns, where + "the owner's mark was refused");
          }
        }
        case 2 -> {
          if (actor == null || !actor.key().equals(key)) {
            continue;
          }
          store.complete(actor, "fp", OK).await().indefinitely();
          if (live && actor == rule.owner) {
            rule.owner = null;
            rule.kept = OK;
            rule.keptUntil = t + RETENTION.toNanos();
          }
        }
        case 3 -> {
          if (actor == null || !actor.key().equals(key)) {
            continue;
          }
          store.release(actor).await().indefinitely();
          if (live && actor == rule.owner) {
            rule.owner = null;
          }
        }
        case 4 -> now.addAndGet(pause(random).toNanos());
        default -> fail();
      }
    }
  }

  private static Duration pause(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> Duration.ZERO;
      case 1 -> Duration.ofMillis(1 + random.nextInt(1_000));
      case 2 -> LEASE.dividedBy(2);
      case 3 -> LEASE.plusMillis(1);
      case 4 -> RETENTION.dividedBy(2);
      default -> RETENTION.plusMillis(1);
    };
  }
}
