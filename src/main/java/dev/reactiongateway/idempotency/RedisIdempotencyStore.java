package dev.reactiongateway.idempotency;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.redis.ReplicaAcks;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keys shared by every replica, in Redis. Each step is one Lua script, atomic on the server and
 * timed by the server's clock ({@code TIME}), so replicas never compare clocks. A claim keeps its
 * lease deadline inside the value and the key itself lives for lease plus retention: a lapsed claim
 * is still there to be judged by the next claim (free, or the outcome-unknown answer its owner left
 * before writing). Marking, completing and releasing only act for the claim's own owner, within its
 * lease.
 *
 * <p>With {@code gateway.redis.min-replica-acks} above 0, the mark (the step that makes a claim
 * binding before the first send) and the completed answer are confirmed by that many replicas
 * ({@link ReplicaAcks}) before the gateway acts on them, so that a failover to a replica keeps
 * them. An unconfirmed mark fails, so nothing is sent; an unconfirmed answer is still given to the
 * caller (the provider has acted), and should it be lost with the primary, the confirmed mark
 * resolves the key to the outcome-unknown answer, never to a second send.
 */
final class RedisIdempotencyStore implements IdempotencyStore {

  /**
   * The value kept under a key: a claim (owner, lease deadline in server milliseconds, and the
   * answer for a lapse once an attempt may have been written) or, once answered, the answer.
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Value(
      String fingerprint,
      String owner,
      Long leaseUntil,
      StoredAnswer ifLapsed,
      StoredAnswer answer) {}

  private static final String NOW =
      "local t = redis.call('TIME') "
          + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) "
          + "local current = redis.call('GET', KEYS[1]) ";

  // ARGV: fingerprint, owner, lease ms, lease + retention ms. A value without leaseUntil is a
  // claim made before lease deadlines were kept in the value; it lapses by its key's expiry.
  private static final String CLAIM =
      NOW
          + "if current then "
          + "  local held = cjson.decode(current) "
          + "  if type(held.answer) == 'table' or not held.leaseUntil or held.leaseUntil > now then"
          + "    return current end "
          + "  if type(held.ifLapsed) == 'table' then "
          + "    local unknown = cjson.encode({fingerprint = held.fingerprint,"
          + "      answer = held.ifLapsed}) "
          + "    redis.call('SET', KEYS[1], unknown, 'KEEPTTL') "
          + "    return unknown end "
          + "end "
          + "redis.call('SET', KEYS[1], cjson.encode({fingerprint = ARGV[1], owner = ARGV[2],"
          + "  leaseUntil = now + tonumber(ARGV[3])}), 'PX', ARGV[4]) "
          + "return false";

  // ARGV[1] is the owner; the script goes on only for the owner's claim within its lease.
  private static final String IF_OWNED =
      NOW
          + "if not current then return 0 end "
          + "local held = cjson.decode(current) "
          + "if held.owner ~= ARGV[1] or held.leaseUntil <= now then return 0 end ";

  // ARGV: owner, the answer for a lapse. The key keeps its expiry: lease end plus retention.
  private static final String MARK =
      IF_OWNED
          + "held.ifLapsed = cjson.decode(ARGV[2]) "
          + "redis.call('SET', KEYS[1], cjson.encode(held), 'KEEPTTL') return 1";

  // ARGV: owner, the answered value, retention ms.
  private static final String COMPLETE =
      IF_OWNED + "redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1";

  private static final String RELEASE = IF_OWNED + "redis.call('DEL', KEYS[1]) return 1";

  private static final Logger LOG = Logger.getLogger(RedisIdempotencyStore.class);

  private final ReactiveRedisDataSource redis;
  private final ReplicaAcks acks;
  private final ObjectMapper mapper;
  private final String prefix;
  private final Duration lease;
  private final Duration retention;

  RedisIdempotencyStore(
      ReactiveRedisDataSource redis,
      ReplicaAcks acks,
      ObjectMapper mapper,
      String prefix,
      Duration lease,
      Duration retention) {
    this.redis = redis;
    this.acks = acks;
    this.mapper = mapper;
    this.prefix = prefix;
    this.lease = lease;
    this.retention = retention;
  }

  @Override
  public Uni<Claim> claim(String key, String fingerprint) {
    String redisKey = prefix + key;
    String owner = UUID.randomUUID().toString();
    return redis
        .execute(
            "EVAL",
            CLAIM,
            "1",
            redisKey,
            fingerprint,
            owner,
            Long.toString(lease.toMillis()),
            Long.toString(lease.plus(retention).toMillis()))
        .map(
            current -> {
              if (current == null) {
                return Claim.acquired(redisKey, owner);
              }
              Value held = parse(current);
              return Claim.taken(redisKey, held.fingerprint(), held.answer());
            });
  }

  @Override
  public Uni<Void> markWritten(Claim claim, StoredAnswer ifLapsed) {
    String answer = json(ifLapsed);
    return acks.durably(
        connection ->
            connection
                .execute("EVAL", MARK, "1", claim.key(), claim.handle(), answer)
                .map(
                    marked -> {
                      if (marked.toInteger() != 1) {
                        throw new IllegalStateException("the claim no longer holds its key");
                      }
                      return null;
                    }));
  }

  @Override
  public Uni<Void> complete(Claim claim, String fingerprint, StoredAnswer answer) {
    String done = json(new Value(fingerprint, null, null, null, answer));
    return acks.durably(
            connection ->
                connection
                    .execute(
                        "EVAL",
                        COMPLETE,
                        "1",
                        claim.key(),
                        claim.handle(),
                        done,
                        Long.toString(retention.toMillis()))
                    .replaceWithVoid())
        .onFailure(ReplicaAcks.NotReplicated.class)
        .recoverWithItem(
            unconfirmed -> {
              // The answer is on the primary; writing it again would not make a replica confirm
              // it sooner. Lost with the primary, the key resolves by its confirmed mark.
              LOG.warnf("A kept answer is not confirmed by the replicas yet: %s", unconfirmed);
              return null;
            });
  }

  @Override
  public Uni<Void> release(Claim claim) {
    return redis.execute("EVAL", RELEASE, "1", claim.key(), claim.handle()).replaceWithVoid();
  }

  @Override
  public Uni<Void> ping() {
    return redis.execute("PING").replaceWithVoid();
  }

  private String json(Object value) {
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
