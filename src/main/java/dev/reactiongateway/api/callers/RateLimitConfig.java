package dev.reactiongateway.api.callers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code gateway.rate-limit.*}: how often each caller may call (a rolling window per caller). */
@ConfigMapping(prefix = "gateway.rate-limit")
public interface RateLimitConfig {

  /** Where the windows are counted. */
  enum Store {
    /** In this process: each replica counts on its own. */
    MEMORY,
    /** In Redis ({@code quarkus.redis.hosts}): one window per caller for the whole fleet. */
    REDIS
  }

  @WithDefault("true")
  boolean enabled();

  /** Requests allowed in any window, per caller. */
  @WithDefault("200")
  int requests();

  @WithDefault("1s")
  Duration window();

  /**
   * Unset: the idempotency store's choice, so a fleet sharing keys in Redis also shares its limits.
   */
  Optional<Store> store();

  /** Prefix of the Redis keys (one per caller). */
  @WithDefault("reaction-gateway:rate-limit:")
  String redisKeyPrefix();

  /**
   * Replicas the fleet runs: while Redis does not answer, each replica allows its share of a
   * caller's limit (the limit divided by this).
   */
  @WithDefault("1")
  int replicas();

  /** How long a replica waits for Redis before deciding with its share alone. */
  @WithDefault("250ms")
  Duration redisTimeout();
}
