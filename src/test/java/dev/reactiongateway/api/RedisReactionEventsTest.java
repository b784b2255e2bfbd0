package dev.reactiongateway.api;

import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.LinqWebhookDeliveries.deliver;
import static dev.reactiongateway.support.LinqWebhookDeliveries.reactionAdded;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reactiongateway.support.LinqWebhookDeliveries;
import dev.reactiongateway.support.LocalRedis;
import dev.reactiongateway.support.RedisLink;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every {@link ReactionEventsTest} scenario again on the Redis store, and the store away. */
@QuarkusTest
@TestProfile(RedisReactionEventsTest.RedisEvents.class)
@WithTestResource(RedisLink.class)
class RedisReactionEventsTest extends ReactionEventsTest {

  static final Duration RETENTION = Duration.ofSeconds(3);
  static final String PREFIX = "{test-events-" + UUID.randomUUID() + "}:";

  /** The Redis store under a prefix of its own, with a retention short enough to wait out. */
  public static class RedisEvents implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.linq.webhook-secrets",
          LinqWebhookDeliveries.SECRET,
          "gateway.events.store",
          "redis",
          "gateway.events.retention",
          RETENTION.toMillis() + "ms",
          "gateway.events.redis-key-prefix",
          PREFIX);
    }
  }

  @RedisLink.Injected RedisLink link;
  @Inject RedisDataSource redis;

  @BeforeEach
  @Override
  void rememberTheNewest() {
    LocalRedis.assumeAvailable();
    link.restore();
    super.rememberTheNewest();
  }

  /** Leaves the shared Redis as it was. */
  @AfterEach
  void removeKeys() {
    link.restore();
    List<String> keys = redis.key().keys(PREFIX + "*");
    if (!keys.isEmpty()) {
      redis.key().del(keys.toArray(String[]::new));
    }
  }

  /** Redis trims by age: record, wait out the retention, then record again. */
  @Override
  void dropTheOldest() {
    store.record(newId(), "{}".getBytes(StandardCharsets.UTF_8)).await().indefinitely();
    try {
      Thread.sleep(RETENTION.toMillis() + 100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    store.record(newId(), "{}".getBytes(StandardCharsets.UTF_8)).await().indefinitely();
  }

  @Test
  void aLongPollNoticesAnEventRecordedByAnotherReplica() throws Exception {
    CompletableFuture<JsonPath> polling =
        CompletableFuture.supplyAsync(() -> read("?wait=20&after=" + start));
    Thread.sleep(300);
    // Written to the shared stream directly, as another replica would: no local signal.
    String id = "linq:" + newId();
    store
        .record(id, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8))
        .await()
        .indefinitely();

    assertEquals(List.of(id), polling.get(30, TimeUnit.SECONDS).getList("events.id"));
  }

  @Test
  void aStoreThatCannotRecordIs503WithRetryAfterSoTheProviderDeliversAgain() {
    link.cut();
    try {
      assertProblem(deliver(reactionAdded(newId(), "love")), 503, "event_store_unavailable")
          .header("Retry-After", equalTo("1"))
          .body("retryable", equalTo(true));
    } finally {
      link.restore();
    }
  }
}
