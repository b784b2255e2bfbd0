package dev.reactiongateway.events;

import dev.reactiongateway.idempotency.IdempotencyConfig;
import dev.reactiongateway.redis.ReplicaAcks;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.time.InstantSource;

/**
 * Builds the configured {@link EventStore}: {@code gateway.events.store}, else the idempotency
 * store's kind, so one setting moves a fleet to Redis.
 */
@ApplicationScoped
class EventStores {

  @Produces
  @ApplicationScoped
  EventStore store(
      EventsConfig config,
      IdempotencyConfig idempotency,
      Instance<ReactiveRedisDataSource> redis,
      Instance<ReplicaAcks> acks) {
    EventsConfig.Store kind =
        config
            .store()
            .orElse(
                idempotency.store() == IdempotencyConfig.Store.REDIS
                    ? EventsConfig.Store.REDIS
                    : EventsConfig.Store.MEMORY);
    return switch (kind) {
      case MEMORY ->
          new MemoryEventStore(config.maxEvents(), config.retention(), InstantSource.system());
      case REDIS ->
          new RedisEventStore(redis.get(), acks.get(), config.redisKeyPrefix(), config.retention());
    };
  }
}
