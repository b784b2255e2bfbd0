package dev.reactiongateway.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;

/**
 * Keys shared by every replica, in Redis. Each operation is one Lua script, atomic on the server: a
 * claim is {@code SET NX PX} that returns the current value when it loses; completing or releasing
 * only touches the key if it still holds this owner's exact claim.
 */
final class RedisIdempotencyStore implements IdempotencyStore {

  /** The value kept under a key: in flight while {@code answer} is null. */
  @RegisterForReflection
  record Value(String fingerprint, String owner, StoredAnswer answer) {}

  private static final String CLAIM =
      "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end "
          + "return redis.call('GET', KEYS[1])";
  private static final String COMPLETE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then "
          + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0";
  private static final String RELEASE =
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
          + "return 0";

  private final ReactiveRedisDataSource redis;
  private final ObjectMapper mapper;
  private final String prefix;
  private final Duration lease;
  private final Duration retention;

  RedisIdempotencyStore(
      ReactiveRedisDataSource redis,
      ObjectMapper mapper,
      String prefix,
      Duration lease,
      Duration retention) {
    this.redis = redis;
    this.mapper = mapper;
    this.prefix = prefix;
    this.lease = lease;
    this.retention = retention;
  }

  @Override
  public Uni<Claim> claim(String key, String fingerprint) {
    String redisKey = prefix + key;
    String mine = json(new Value(fingerprint, UUID.randomUUID().toString(), null));
    return redis
        .execute("EVAL", CLAIM, "1", redisKey, mine, Long.toString(lease.toMillis()))
        .map(
            current -> {
              if (current == null) {
                return Claim.acquired(redisKey, mine);
              }
              Value held = parse(current);
              return Claim.taken(redisKey, held.fingerprint(), held.answer());
            });
  }

  @Override
  public Uni<Void> complete(Claim claim, String fingerprint, StoredAnswer answer) {
    String done = json(new Value(fingerprint, null, answer));
    return redis
        .execute(
            "EVAL",
            COMPLETE,
            "1",
            claim.key(),
            claim.handle(),
            done,
            Long.toString(retention.toMillis()))
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> markWritten(Claim claim, StoredAnswer ifLapsed) {
    return Uni.createFrom().voidItem();
  }

  @Override
  public Uni<Void> release(Claim claim) {
    return redis.execute("EVAL", RELEASE, "1", claim.key(), claim.handle()).replaceWithVoid();
  }

  @Override
  public Uni<Void> ping() {
    return redis.execute("PING").replaceWithVoid();
  }

  private String json(Value value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Value parse(Response current) {
    try {
      return mapper.readValue(current.toString(), Value.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
