package dev.reactiongateway.idempotency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.UUID;

/**
 * One instance's keys in a Caffeine cache bounded in size ({@code max-keys}) and time (a claim
 * lives for the lease, an outcome for the retention window), so memory stays flat whatever the
 * traffic.
 */
final class MemoryIdempotencyStore implements IdempotencyStore {

  private record Entry(String fingerprint, String handle, StoredAnswer answer, long ttlNanos) {}

  private final Cache<String, Entry> entries;
  private final Duration lease;
  private final Duration retention;

  MemoryIdempotencyStore(long maxKeys, Duration lease, Duration retention) {
    this.lease = lease;
    this.retention = retention;
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfter(
                new Expiry<String, Entry>() {
                  @Override
                  public long expireAfterCreate(String key, Entry entry, long now) {
                    return entry.ttlNanos();
                  }

                  @Override
                  public long expireAfterUpdate(String key, Entry entry, long now, long current) {
                    return entry.ttlNanos();
                  }

                  @Override
                  public long expireAfterRead(String key, Entry entry, long now, long current) {
                    return current;
                  }
                })
            .build();
  }

  @Override
  public Uni<Claim> claim(String key, String fingerprint) {
    Entry mine = new Entry(fingerprint, UUID.randomUUID().toString(), null, lease.toNanos());
    Entry existing = entries.asMap().putIfAbsent(key, mine);
    return Uni.createFrom()
        .item(
            existing == null
                ? Claim.acquired(key, mine.handle())
                : Claim.taken(key, existing.fingerprint(), existing.answer()));
  }

  @Override
  public Uni<Void> complete(Claim claim, String fingerprint, StoredAnswer answer) {
    entries
        .asMap()
        .computeIfPresent(
            claim.key(),
            (key, entry) ->
                claim.handle().equals(entry.handle())
                    ? new Entry(fingerprint, null, answer, retention.toNanos())
                    : entry);
    return Uni.createFrom().voidItem();
  }

  @Override
  public Uni<Void> release(Claim claim) {
    entries
        .asMap()
        .computeIfPresent(
            claim.key(), (key, entry) -> claim.handle().equals(entry.handle()) ? null : entry);
    return Uni.createFrom().voidItem();
  }

  @Override
  public Uni<Void> ping() {
    return Uni.createFrom().voidItem();
  }

  /** Entries currently held, after pending evictions; for the memory-bound check. */
  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }
}
