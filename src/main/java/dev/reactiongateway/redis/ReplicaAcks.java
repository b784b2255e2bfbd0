package dev.reactiongateway.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs a write that a promise rests on, then, when {@code gateway.redis.min-replica-acks} is above
 * 0, asks Redis on the same connection ({@code WAIT} counts that connection's writes) to confirm
 * that many replicas hold it. Fewer confirmations within the timeout fail with {@link
 * NotReplicated}: the caller answers 503 and acts on nothing.
 */
@ApplicationScoped
public class ReplicaAcks {

  /** Fewer replicas than required confirmed a write in time. */
  public static final class NotReplicated extends RuntimeException {
    NotReplicated(long confirmed, int required) {
      super(
          confirmed + " of the " + required + " required Redis replicas confirmed the write",
          null,
          false,
          false);
    }
  }

  private final ReactiveRedisDataSource redis;
  private final int required;
  private final String timeoutMillis;

  /** Confirms writes made through {@code redis} (tests build one per data source). */
  public ReplicaAcks(ReactiveRedisDataSource redis, RedisDurabilityConfig config) {
    this.redis = redis;
    this.required = config.minReplicaAcks();
    this.timeoutMillis = Long.toString(config.replicaAckTimeout().toMillis());
  }

  /** Whether writes wait for replicas at all. */
  public boolean required() {
    return required > 0;
  }

  /** {@code write} on one connection, confirmed by the required replicas before its item passes. */
  public <T> Uni<T> durably(Function<ReactiveRedisDataSource, Uni<T>> write) {
    if (required == 0) {
      return write.apply(redis);
    }
    AtomicReference<T> written = new AtomicReference<>();
    return redis
        .withConnection(
            connection ->
                write
                    .apply(connection)
                    .invoke(written::set)
                    .chain(
                        () -> connection.execute("WAIT", Integer.toString(required), timeoutMillis))
                    .invoke(
                        confirmed -> {
                          if (confirmed.toLong() < required) {
                            throw new NotReplicated(confirmed.toLong(), required);
                          }
                        })
                    .replaceWithVoid())
        .map(done -> written.get());
  }
}
