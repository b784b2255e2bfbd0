package dev.reactiongateway.idempotency;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.redis.RedisDurabilityConfig;
import dev.reactiongateway.redis.ReplicaAcks;
import dev.reactiongateway.support.IdempotencyRace;
import dev.reactiongateway.support.LocalRedis;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis store against a real Redis, as several replicas would share it. */
@QuarkusTest
@TestProfile(RedisIdempotencyTest.RedisStore.class)
@WithTestResource(ProviderDoubles.class)
class RedisIdempotencyTest {

  /** The gateway on the Redis store, plus a second, independent client ("another replica"). */
  public static class RedisStore implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.idempotency.store",
          "redis",
          "gateway.idempotency.redis-key-prefix",
          PREFIX,
          "quarkus.redis.hosts",
          LocalRedis.URL,
          "quarkus.redis.replica-b.hosts",
          LocalRedis.URL);
    }
  }

  static final String PREFIX = "test:" + UUID.randomUUID() + ":";
  static final String LINQ_PATH = "/api/partner/v2/chat_messages/224/reactions";
  static final StoredAnswer UNKNOWN =
      new StoredAnswer(502, "{\"code\":\"provider_timeout\"}", null);

  @Inject ReactiveRedisDataSource replicaA;

  @Inject
  @RedisClientName("replica-b")
  ReactiveRedisDataSource replicaB;

  @Inject ObjectMapper mapper;

  @Inject RedisDurabilityConfig durability;

  @ProviderDoubles.Linq WireMockServer linq;

  @BeforeEach
  void requireRedis() {
    LocalRedis.assumeAvailable();
    linq.resetAll();
  }

  private RedisIdempotencyStore store(ReactiveRedisDataSource redis) {
    return store(redis, Duration.ofSeconds(30));
  }

  private RedisIdempotencyStore store(ReactiveRedisDataSource redis, Duration lease) {
    return new RedisIdempotencyStore(
        redis, new ReplicaAcks(redis, durability), mapper, PREFIX, lease, Duration.ofMinutes(5));
  }

  @Test
  void twoReplicasRacingOnOneKeyYieldOneOwner() {
    RedisIdempotencyStore a = store(replicaA);
    RedisIdempotencyStore b = store(replicaB);
    String key = UUID.randomUUID().toString();

    List<Uni<Claim>> claims = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      claims.add((i % 2 == 0 ? a : b).claim(key, "fp"));
    }
    List<Claim> results =
        Uni.join().all(claims).andFailFast().await().atMost(Duration.ofSeconds(10));

    assertEquals(1, results.stream().filter(Claim::acquired).count());
  }

  @Test
  void anAnswerCompletedByOneReplicaIsReplayedByTheOther() {
    RedisIdempotencyStore a = store(replicaA);
    RedisIdempotencyStore b = store(replicaB);
    String key = UUID.randomUUID().toString();
    StoredAnswer answer = new StoredAnswer(502, "{\"code\":\"provider_timeout\"}", 2L);

    Claim owner = a.claim(key, "fp").await().indefinitely();
    assertEquals(true, b.claim(key, "fp").await().indefinitely().inFlight());
    a.complete(owner, "fp", answer).await().indefinitely();

    Claim seenByB = b.claim(key, "fp").await().indefinitely();
    assertFalse(seenByB.acquired());
    assertEquals(answer, seenByB.existingAnswer());
  }

  @Test
  void aStaleOwnerCannotReleaseANewerClaim() {
    RedisIdempotencyStore a = store(replicaA);
    String key = UUID.randomUUID().toString();
    Claim owner = a.claim(key, "fp").await().indefinitely();
    a.release(Claim.acquired(owner.key(), "{\"stale\":true}")).await().indefinitely();
    assertEquals(true, a.claim(key, "fp").await().indefinitely().inFlight());
  }

  @Test
  void aLapsedWrittenClaimIsKeptAsOutcomeUnknownForTheRetentionWindow() throws Exception {
    Duration lease = Duration.ofMillis(300);
    RedisIdempotencyStore a = store(replicaA, lease);
    String key = UUID.randomUUID().toString();
    a.markWritten(a.claim(key, "fp").await().indefinitely(), UNKNOWN).await().indefinitely();
    Thread.sleep(lease.toMillis() + 100);

    Claim seenByB = store(replicaB, lease).claim(key, "fp").await().indefinitely();
    assertFalse(seenByB.acquired());
    assertEquals(UNKNOWN, seenByB.existingAnswer());
    long ttl = replicaB.key().pttl(PREFIX + key).await().indefinitely();
    assertTrue(
        ttl > Duration.ofMinutes(5).minus(lease).minusSeconds(5).toMillis(),
        "kept for the retention from the lease's end, " + ttl + " ms left");
  }

  @Test
  void aMarkAfterTheLeasePassedFailsSoNothingIsSent() throws Exception {
    Duration lease = Duration.ofMillis(300);
    RedisIdempotencyStore a = store(replicaA, lease);
    String key = UUID.randomUUID().toString();
    Claim owner = a.claim(key, "fp").await().indefinitely();
    Thread.sleep(lease.toMillis() + 100);

    assertThrows(
        IllegalStateException.class, () -> a.markWritten(owner, UNKNOWN).await().indefinitely());
    assertTrue(store(replicaB, lease).claim(key, "fp").await().indefinitely().acquired());
  }

  @Test
  void fiftyConcurrentRequestsThroughTheGatewayCallTheProviderOnce() throws Exception {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withBody("{\"data\":{\"id\":1,\"chat_message_id\":224}}")
                    .withFixedDelay(200)));

    IdempotencyRace.run(
            50, UUID.randomUUID().toString(), "{\"messageId\":\"linq:224\",\"reaction\":\"love\"}")
        .assertOneWinner();
    linq.verify(1, anyRequestedFor(anyUrl()));
  }
}
