package dev.reactiongateway.redis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code gateway.redis.*}: how many replicas must hold a write that a promise rests on before the
 * gateway acts on it (docs/idempotency.md, "Redis topologies").
 */
@ConfigMapping(prefix = "gateway.redis")
public interface RedisDurabilityConfig {

  /** Replicas that must confirm such a write ({@code WAIT}); 0 for a single Redis. */
  @WithDefault("0")
  int minReplicaAcks();

  /** How long to wait for those confirmations before answering 503. */
  @WithDefault("500ms")
  Duration replicaAckTimeout();
}
