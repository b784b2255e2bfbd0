package dev.reactiongateway.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.Gateway.react;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chert on a closed port; Linq with a long read timeout, a 1 s overall deadline and a bulkhead of 2
 * (+1 queued): what callers get when nothing answers or capacity runs out.
 */
@QuarkusTest
@TestProfile(DeadlineAndCapacityTest.Tight.class)
@WithTestResource(
    value = ProviderDoubles.class,
    initArgs = @ResourceArg(name = "chert", value = ProviderDoubles.CLOSED_PORT))
class DeadlineAndCapacityTest {

  static final String LINQ_PATH = "/api/partner/v2/chat_messages/7/reactions";
  static final String LINQ_ADD = "{\"messageId\":\"linq:7\",\"reaction\":\"love\"}";

  /** A deadline shorter than the read timeout, and a tiny bulkhead. */
  public static class Tight implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.chert.connect-timeout", "200ms",
          "gateway.chert.retry.initial-backoff", "20ms",
          "gateway.linq.read-timeout", "10s",
          "gateway.linq.deadline", "1s",
          "gateway.linq.bulkhead.max-concurrent", "2",
          "gateway.linq.bulkhead.queue-size", "1");
    }
  }

  @ProviderDoubles.Linq WireMockServer linq;

  private final ExecutorService callers = Executors.newFixedThreadPool(8);

  @BeforeEach
  void reset() {
    linq.resetAll();
    CircuitBreakerMaintenance.get().resetAll();
  }

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  @Test
  void connectionRefusedIsRetriedAndSafeToRetry() {
    assertProblem(
            react("{\"messageId\":\"chert:msg_1\",\"reaction\":\"love\"}"),
            502,
            "provider_unreachable")
        .body("retryable", equalTo(true))
        .body("detail", containsString("after 3 attempts"));
  }

  @Test
  void connectionRefusedReleasesTheIdempotencyKey() {
    for (int i = 0; i < 2; i++) {
      assertProblem(
              given()
                  .contentType("application/json")
                  .header("Idempotency-Key", "refused-key")
                  .body("{\"messageId\":\"chert:msg_1\",\"reaction\":\"love\"}")
                  .post("/v1/reactions")
                  .then(),
              502,
              "provider_unreachable")
          .header("Idempotent-Replayed", nullValue())
          .body("detail", containsString("after 3 attempts"));
    }
  }

  @Test
  void aCallerNeverWaitsMuchPastTheDeadline() {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withFixedDelay(5_000)));

    long started = System.nanoTime();
    assertProblem(react(LINQ_ADD), 502, "provider_timeout").body("retryable", equalTo(false));
    long millis = (System.nanoTime() - started) / 1_000_000;

    // Deadline 1 s; without it the caller would wait for the 5 s stall.
    assertTrue(millis >= 1_000 && millis < 2_000, "answered after " + millis + " ms");
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void overflowIsRejectedAtOnceAndAnAbandonedQueuedRequestIsNeverSent() throws Exception {
    // Linq looks fast, so a request may wait for a permit; then it stalls past the deadline.
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201)));
    for (int i = 0; i < 8; i++) {
      react(LINQ_ADD).statusCode(200);
    }
    linq.resetRequests();
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withFixedDelay(2_500)));

    List<CompletableFuture<JsonPath>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> react(LINQ_ADD).extract().jsonPath(), callers));
    }
    List<JsonPath> answers = new ArrayList<>();
    for (CompletableFuture<JsonPath> call : calls) {
      answers.add(call.get());
    }
    Thread.sleep(3_000); // long enough for every permit to be released and any queued work to run

    long busy =
        answers.stream()
            .filter(a -> "provider_busy".equals(a.getString("code")) && a.getBoolean("retryable"))
            .count();
    long sent =
        answers.stream()
            .filter(
                a -> a.getString("code").equals("provider_timeout") && !a.getBoolean("retryable"))
            .count();
    long notSent =
        answers.stream()
            .filter(
                a -> a.getString("code").equals("provider_timeout") && a.getBoolean("retryable"))
            .count();
    // Beyond 2 running + 1 waiting, two are refused at once; the waiting one, whose deadline
    // passes before a permit frees, is refused too: the provider never had it.
    assertEquals(3, busy, "beyond 2 running + 1 queued, requests are rejected at once");
    assertEquals(2, sent);
    assertEquals(0, notSent, "no request ends in provider_timeout for waiting in the gateway");
    assertEquals(
        sent,
        linq.getAllServeEvents().size(),
        "the provider received exactly the requests the gateway reported as possibly sent");
  }
}
