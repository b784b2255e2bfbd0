package dev.reactiongateway.idempotency;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One instance's keys, bounded in number ({@code max-keys}) without ever forgetting a key it still
 * answers for: claims in flight are never dropped, and when the bound is reached the answer kept
 * longest goes first. A cache's size-based eviction cannot promise that (it picks by frequency, so
 * a fresh key is the likeliest to go), hence two plain insertion-ordered maps under one lock. A
 * kept answer is one byte array ({@link PackedAnswer}): a full store is mostly kept answers.
 */
final class MemoryIdempotencyStore implements IdempotencyStore {

  /** A claim in flight; {@code ifLapsed} is set once an attempt may have been written. */
  private record Held(String fingerprint, String handle, long leaseUntil, StoredAnswer ifLapsed) {}

  // The lease and the retention are the same for every key, so insertion order is deadline order:
  // what lapses or expires first is at the head (an outcome-unknown answer, kept from its lease's
  // end, may sit up to one lease behind its place).
  private final Map<String, Held> inFlight = new LinkedHashMap<>();
  private final Map<String, byte[]> kept = new LinkedHashMap<>();
  private final long maxKeys;
  private final long leaseNanos;
  private final long retentionNanos;
  private final LongSupplier nanoClock;
  private long handles;

  MemoryIdempotencyStore(long maxKeys, Duration lease, Duration retention, LongSupplier nanoClock) {
    this.maxKeys = maxKeys;
    this.leaseNanos = lease.toNanos();
    this.retentionNanos = retention.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public Uni<Claim> claim(String key, String fingerprint) {
    return Uni.createFrom().item(() -> claimNow(key, fingerprint));
  }

  private synchronized Claim claimNow(String key, String fingerprint) {
    long now = tidy();
    byte[] answer = kept.get(key);
    if (answer != null && PackedAnswer.until(answer) - now <= 0) {
      kept.remove(key);
    } else if (answer != null) {
      return Claim.taken(key, PackedAnswer.fingerprint(answer), PackedAnswer.answer(answer));
    }
    Held held = inFlight.get(key);
    if (held != null) {
      return Claim.taken(key, held.fingerprint(), null);
    }
    if (inFlight.size() + kept.size() >= maxKeys) {
      if (kept.isEmpty()) {
        throw new StoreFull(maxKeys);
      }
      Iterator<String> oldest = kept.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    Held mine = new Held(fingerprint, Long.toString(++handles), now + leaseNanos, null);
    inFlight.put(key, mine);
    return Claim.acquired(key, mine.handle());
  }

  @Override
  public Uni<Void> markWritten(Claim claim, StoredAnswer ifLapsed) {
    return Uni.createFrom()
        .item(
            () -> {
              synchronized (this) {
                tidy();
                Held held = owned(claim);
                if (held == null) {
                  throw new IllegalStateException("the claim no longer holds its key");
                }
                inFlight.put(
                    claim.key(),
                    new Held(held.fingerprint(), held.handle(), held.leaseUntil(), ifLapsed));
                return null;
              }
            });
  }

  @Override
  public synchronized Uni<Void> complete(Claim claim, String fingerprint, StoredAnswer answer) {
    long now = tidy();
    if (owned(claim) != null) {
      inFlight.remove(claim.key());
      keep(claim.key(), fingerprint, answer, now + retentionNanos);
    }
    return Uni.createFrom().voidItem();
  }

  @Override
  public synchronized Uni<Void> release(Claim claim) {
    tidy();
    if (owned(claim) != null) {
      inFlight.remove(claim.key());
    }
    return Uni.createFrom().voidItem();
  }

  @Override
  public Uni<Void> ping() {
    return Uni.createFrom().voidItem();
  }

  /** Keys currently held; for the memory-bound checks. */
  synchronized long size() {
    tidy();
    return inFlight.size() + kept.size();
  }

  private Held owned(Claim claim) {
    Held held = inFlight.get(claim.key());
    return held != null && held.handle().equals(claim.handle()) ? held : null;
  }

  /**
   * Applies the lapse rule to every claim whose lease has passed (free if nothing may have been
   * written, the outcome-unknown answer, kept for the retention from the lease's end, otherwise),
   * then drops expired answers. Returns now.
   */
  private long tidy() {
    long now = nanoClock.getAsLong();
    for (Iterator<Map.Entry<String, Held>> it = inFlight.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Held> entry = it.next();
      Held held = entry.getValue();
      if (held.leaseUntil() - now > 0) {
        break;
      }
      it.remove();
      if (held.ifLapsed() != null) {
        keep(
            entry.getKey(),
            held.fingerprint(),
            held.ifLapsed(),
            held.leaseUntil() + retentionNanos);
      }
    }
    for (Iterator<byte[]> it = kept.values().iterator(); it.hasNext(); ) {
      if (PackedAnswer.until(it.next()) - now > 0) {
        break;
      }
      it.remove();
    }
    return now;
  }

  private void keep(String key, String fingerprint, StoredAnswer answer, long until) {
    kept.remove(key);
    kept.put(key, PackedAnswer.pack(until, fingerprint, answer));
  }
}
