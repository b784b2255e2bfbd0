package dev.reactiongateway.idempotency;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code gateway.idempotency.*}: where {@code Idempotency-Key} outcomes are kept, and for how long.
 */
@ConfigMapping(prefix = "gateway.idempotency")
public interface IdempotencyConfig {

  /** Where keys live. */
  enum Store {
    /** In this process: one instance only. */
    MEMORY,
    /** In Redis ({@code quarkus.redis.hosts}): shared by every replica. */
    REDIS
  }

  @WithDefault("memory")
  Store store();

  /** How long a completed outcome is replayed for the same key. */
  @WithDefault("24h")
  Duration retention();

  /**
   * How long a claim blocks its key if the gateway dies mid-request; then it lapses free, or to the
   * outcome-unknown answer once an attempt may have been written. Must exceed every provider's
   * deadline.
   */
  @WithDefault("30s")
  Duration lease();

  /**
   * The memory store's bound: claims in flight are never dropped; beyond it the oldest kept answer
   * goes; a store full of claims in flight refuses new keys. The default is what the JVM image's
   * heap in a 256Mi pod holds beside everything else (docs/idempotency.md gives bytes per key).
   */
  @WithDefault("50000")
  long maxKeys();

  /** Prefix of the Redis keys. */
  @WithDefault("reaction-gateway:idempotency:")
  String redisKeyPrefix();
}
