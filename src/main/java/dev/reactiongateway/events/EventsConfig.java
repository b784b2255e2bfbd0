package dev.reactiongateway.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code gateway.events.*}: where received events are kept, and for how long. */
@ConfigMapping(prefix = "gateway.events")
public interface EventsConfig {

  /** Where events live. */
  enum Store {
    /** In this process, bounded by {@link #maxEvents()}, lost on restart. */
    MEMORY,
    /** In a Redis stream ({@code quarkus.redis.hosts}), shared by every replica. */
    REDIS
  }

  /** Where events live; defaults to {@code gateway.idempotency.store}. */
  Optional<Store> store();

  /** How long events and their deduplication marks are kept. */
  @WithDefault("7d")
  Duration retention();

  /**
   * The memory store's bound: beyond it the oldest event goes. The default fits beside the
   * idempotency store in the JVM image's heap (docs/events.md, "Keeping", gives bytes per event).
   */
  @WithDefault("20000")
  int maxEvents();

  /**
   * How often each replica asks the Redis store for its newest position while something in the
   * process waits for events (a long poll, a delivery loop): how soon an event another replica
   * recorded is noticed. Records in this process wake waiters at once.
   */
  @WithDefault("250ms")
  Duration watchInterval();

  /**
   * How many received webhooks a replica records at once. Beyond it a webhook is answered {@code
   * 503 event_store_unavailable} at once and the provider delivers it again, so a replica whose
   * store is slow does not hold an unbounded pile of requests in its heap.
   */
  @WithDefault("256")
  int maxRecording();

  /** Prefix of the Redis keys; one hash tag, so every key of a script is in one cluster slot. */
  @WithDefault("{reaction-gateway:events}:")
  String redisKeyPrefix();
}
