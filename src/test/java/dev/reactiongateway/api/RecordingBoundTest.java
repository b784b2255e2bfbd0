package dev.reactiongateway.api;

import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.LinqWebhookDeliveries.deliver;
import static dev.reactiongateway.support.LinqWebhookDeliveries.reactionAdded;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.reactiongateway.support.LinqWebhookDeliveries;
import dev.reactiongateway.support.LocalRedis;
import dev.reactiongateway.support.RedisLink;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gateway.events.max-recording}: a replica whose store stopped answering holds at most that
 * many webhooks; the next is answered 503 at once, for the provider to deliver again.
 */
@QuarkusTest
@TestProfile(RecordingBoundTest.TwoAtOnce.class)
@WithTestResource(RedisLink.class)
class RecordingBoundTest {

  static final String PREFIX = "{test-bound-" + UUID.randomUUID() + "}:";

  /** The Redis store, two webhooks recorded at once, a Redis timeout long enough to see. */
  public static class TwoAtOnce implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.linq.webhook-secrets", LinqWebhookDeliveries.SECRET,
          "gateway.events.store", "redis",
          "gateway.events.redis-key-prefix", PREFIX,
          "gateway.events.max-recording", "2",
          "quarkus.redis.timeout", "10s");
    }
  }

  @RedisLink.Injected RedisLink link;

  @AfterEach
  void removeKeys() throws IOException {
    link.restore();
    LocalRedis.deleteKeys(PREFIX);
  }

  @Test
  void beyondTheBoundAWebhookIs503AtOnceAndTheHeldOnesAreRecordedWhenTheStoreAnswers()
      throws Exception {
    LocalRedis.assumeAvailable();
    // The connection exists before the stall: the held records wait for Redis, not for a connect.
    deliver(reactionAdded(UUID.randomUUID().toString(), "love")).statusCode(204);
    link.stall();
    List<CompletableFuture<Integer>> held =
        IntStream.range(0, 2)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            deliver(reactionAdded(UUID.randomUUID().toString(), "like"))
                                .extract()
                                .statusCode()))
            .toList();
    Thread.sleep(500);

    assertProblem(
            deliver(reactionAdded(UUID.randomUUID().toString(), "laugh")),
            503,
            "event_store_unavailable")
        .header("Retry-After", equalTo("1"))
        .body("detail", containsString("gateway.events.max-recording"));
    held.forEach(future -> assertFalse(future.isDone(), "a held webhook answered early"));

    link.restore();
    for (CompletableFuture<Integer> future : held) {
      assertEquals(204, future.get(20, TimeUnit.SECONDS));
    }
    deliver(reactionAdded(UUID.randomUUID().toString(), "love")).statusCode(204);
  }
}
