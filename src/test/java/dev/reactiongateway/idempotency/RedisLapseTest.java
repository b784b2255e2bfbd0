package dev.reactiongateway.idempotency;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.reactiongateway.idempotency.IdempotencyTest.LINQ_CREATED;
import static dev.reactiongateway.idempotency.IdempotencyTest.LINQ_PATH;
import static dev.reactiongateway.idempotency.IdempotencyTest.LOVE;
import static dev.reactiongateway.idempotency.IdempotencyTest.react;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.api.ReactionRequestParser;
import dev.reactiongateway.api.callers.Callers;
import dev.reactiongateway.redis.RedisDurabilityConfig;
import dev.reactiongateway.redis.ReplicaAcks;
import dev.reactiongateway.support.LocalRedis;
import dev.reactiongateway.support.ProviderDoubles;
import dev.reactiongateway.support.RedisLink;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claims whose owner vanished, on the Redis store: a replica that stops after an attempt may have
 * been written leaves "outcome unknown" behind, never a key that lets the retry send again.
 * "Replica A" is either the gateway itself with its Redis connection cut, or a bare store client
 * that claims and then goes silent; "replica B" is the gateway, which keeps nothing in process.
 */
@QuarkusTest
@TestProfile(RedisLapseTest.ShortLease.class)
@WithTestResource(ProviderDoubles.class)
@WithTestResource(RedisLink.class)
class RedisLapseTest {

  static final String PREFIX = "test:" + UUID.randomUUID() + ":";
  static final Duration LEASE = Duration.ofSeconds(6);

  /**
   * The Redis store through a link the test can cut, with a lease short enough to wait out (and
   * longer than the providers' default deadline, as the gateway requires).
   */
  public static class ShortLease implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.idempotency.store",
          "redis",
          "gateway.idempotency.lease",
          LEASE.toMillis() + "ms",
          "gateway.idempotency.redis-key-prefix",
          PREFIX,
          "gateway.chert.deadline",
          "4s",
          "gateway.linq.deadline",
          "4s",
          "gateway.linq.read-timeout",
          "3s",
          "quarkus.redis.replica-b.hosts",
          LocalRedis.URL);
    }
  }

  @ProviderDoubles.Linq WireMockServer linq;
  @RedisLink.Injected RedisLink link;

  @Inject
  @RedisClientName("replica-b")
  ReactiveRedisDataSource direct;

  @Inject ObjectMapper mapper;

  @Inject RedisDurabilityConfig durability;
  @Inject ReactionRequestParser parser;

  private String key;

  @BeforeEach
  void reset() {
    LocalRedis.assumeAvailable();
    linq.resetAll();
    key = UUID.randomUUID().toString();
  }

  @AfterEach
  void reconnect() {
    link.restore();
  }

  @Test
  void aReplicaCutOffFromRedisAfterSendingLeavesOutcomeUnknownNotASecondSend() throws Exception {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED).withFixedDelay(600)));

    CompletableFuture<ExtractableResponse<Response>> first =
        CompletableFuture.supplyAsync(() -> react(key, LOVE).extract());
    while (linq.getAllServeEvents().isEmpty()) {
      Thread.onSpinWait();
    }
    link.cut();
    long leaseOver = System.nanoTime() + LEASE.toNanos();
    assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode(), "the caller got Linq's answer");

    waitUntil(leaseOver);
    link.restore();
    react(key, LOVE)
        .statusCode(502)
        .contentType(startsWith("application/problem+json"))
        .header("Idempotent-Replayed", "true")
        .body("code", equalTo("provider_timeout"))
        .body("retryable", equalTo(false))
        .body("provider", equalTo("linq"))
        .body("detail", containsString("may have been delivered"));
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void aReplicaThatStoppedAfterMarkingItsClaimLeavesItsAnswerForTheRetry() throws Exception {
    StoredAnswer unknown = new StoredAnswer(502, "{\"code\":\"provider_timeout\"}", null);
    RedisIdempotencyStore replicaA = replicaA();
    Claim claim = replicaA.claim(scopedKey(), fingerprint()).await().indefinitely();
    replicaA.markWritten(claim, unknown).await().indefinitely();
    long leaseOver = System.nanoTime() + LEASE.toNanos();

    waitUntil(leaseOver);
    String replay =
        react(key, LOVE).statusCode(502).header("Idempotent-Replayed", "true").extract().asString();
    assertEquals(unknown.body(), replay);
    linq.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void aReplicaThatStoppedBeforeSendingFreesTheKeyAfterTheLease() throws Exception {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));
    replicaA().claim(scopedKey(), fingerprint()).await().indefinitely();
    long leaseOver = System.nanoTime() + LEASE.toNanos();

    assertProblem(react(key, LOVE), 409, "idempotency_key_in_flight");
    waitUntil(leaseOver);
    react(key, LOVE).statusCode(200).header("Idempotent-Replayed", nullValue());
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  private RedisIdempotencyStore replicaA() {
    return new RedisIdempotencyStore(
        direct, new ReplicaAcks(direct, durability), mapper, PREFIX, LEASE, Duration.ofMinutes(5));
  }

  private String scopedKey() {
    return Idempotency.scoped(Callers.ANONYMOUS, key);
  }

  private String fingerprint() {
    return parser.parse(LOVE.getBytes(StandardCharsets.UTF_8), null).fingerprint();
  }

  /** The lease is the rule under test: wait it out (plus the two clocks' skew). */
  private static void waitUntil(long leaseOverNanos) throws InterruptedException {
    long remaining = leaseOverNanos - System.nanoTime() + Duration.ofMillis(300).toNanos();
    TimeUnit.NANOSECONDS.sleep(Math.max(remaining, 0));
  }
}
