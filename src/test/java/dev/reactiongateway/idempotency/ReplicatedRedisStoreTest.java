package dev.reactiongateway.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.redis.RedisDurabilityConfig;
import dev.reactiongateway.redis.ReplicaAcks;
import dev.reactiongateway.support.RedisProcess;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis store's steps against a primary with one replica of this test's own: what {@code
 * gateway.redis.min-replica-acks} changes when the replica applies writes, and when it is frozen
 * ({@code CLIENT PAUSE WRITE}: linked, but applying nothing).
 */
class ReplicatedRedisStoreTest {

  static final String PREFIX = "test:replicated:";
  static final StoredAnswer UNKNOWN =
      new StoredAnswer(502, "{\"code\":\"provider_timeout\"}", null);
  static final StoredAnswer SENT = new StoredAnswer(200, "{\"status\":\"sent\"}", null);

  static RedisProcess primary;
  static RedisProcess replica;
  static Vertx vertx;
  static ReactiveRedisDataSource redis;

  @BeforeAll
  static void startPrimaryAndReplica() throws Exception {
    RedisProcess.assumeInstalled();
    primary = RedisProcess.primary();
    replica = RedisProcess.replicaOf(primary);
    replica.awaitLinkUp();
    vertx = Vertx.vertx();
    Redis client = Redis.createClient(vertx, primary.url());
    redis = new ReactiveRedisDataSourceImpl(vertx, client, RedisAPI.api(client));
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (vertx != null) {
      vertx.closeAndAwait();
    }
    for (RedisProcess process : new RedisProcess[] {replica, primary}) {
      if (process != null) {
        process.close();
      }
    }
  }

  @AfterEach
  void thawReplica() throws Exception {
    replica.call("CLIENT", "UNPAUSE");
  }

  @Test
  void aConfirmedMarkIsOnTheReplicaWhenItReturns() throws Exception {
    RedisIdempotencyStore store = store(1);
    Claim claim = store.claim(UUID.randomUUID().toString(), "fp").await().indefinitely();

    store.markWritten(claim, UNKNOWN).await().indefinitely();

    assertTrue(replica.call("GET", claim.key()).contains("\"ifLapsed\""));
  }

  @Test
  void aMarkTheFrozenReplicaCannotConfirmFailsAndTheReleasedKeyIsFreeAgain() throws Exception {
    RedisIdempotencyStore store = store(1);
    String key = UUID.randomUUID().toString();
    Claim claim = store.claim(key, "fp").await().indefinitely();
    assertEquals("OK", replica.call("CLIENT", "PAUSE", "60000", "WRITE"));

    RuntimeException refused =
        assertThrows(
            RuntimeException.class,
            () -> store.markWritten(claim, UNKNOWN).await().atMost(Duration.ofSeconds(10)));
    assertInstanceOf(ReplicaAcks.NotReplicated.class, refused);
    store.release(claim).await().indefinitely();

    assertTrue(store.claim(key, "fp").await().indefinitely().acquired());
  }

  @Test
  void withoutReplicaAcksAMarkTheReplicaDoesNotHoldSucceeds() throws Exception {
    RedisIdempotencyStore store = store(0);
    Claim claim = store.claim(UUID.randomUUID().toString(), "fp").await().indefinitely();
    assertEquals("OK", replica.call("CLIENT", "PAUSE", "60000", "WRITE"));

    store.markWritten(claim, UNKNOWN).await().atMost(Duration.ofSeconds(10));

    assertFalse(String.valueOf(replica.call("GET", claim.key())).contains("\"ifLapsed\""));
  }

  @Test
  void anAnswerTheFrozenReplicaCannotConfirmIsStillKeptOnThePrimary() throws Exception {
    RedisIdempotencyStore store = store(1);
    String key = UUID.randomUUID().toString();
    Claim claim = store.claim(key, "fp").await().indefinitely();
    store.markWritten(claim, UNKNOWN).await().indefinitely();
    assertEquals("OK", replica.call("CLIENT", "PAUSE", "60000", "WRITE"));

    store.complete(claim, "fp", SENT).await().atMost(Duration.ofSeconds(10));

    Claim replay = store.claim(key, "fp").await().indefinitely();
    assertEquals(SENT, replay.existingAnswer());
    assertTrue(replica.call("GET", claim.key()).contains("\"ifLapsed\""));
  }

  private static RedisIdempotencyStore store(int minReplicaAcks) {
    RedisDurabilityConfig durability =
        new RedisDurabilityConfig() {
          @Override
          public int minReplicaAcks() {
            return minReplicaAcks;
          }

          @Override
          public Duration replicaAckTimeout() {
            return Duration.ofMillis(200);
          }
        };
    return new RedisIdempotencyStore(
        redis,
        new ReplicaAcks(redis, durability),
        new ObjectMapper(),
        PREFIX,
        Duration.ofSeconds(30),
        Duration.ofMinutes(5));
  }
}
