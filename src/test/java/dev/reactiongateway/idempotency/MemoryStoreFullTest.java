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
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The memory store's bound taken entirely by requests in flight. */
@QuarkusTest
@TestProfile(MemoryStoreFullTest.TwoKeys.class)
@WithTestResource(ProviderDoubles.class)
class MemoryStoreFullTest {

  /** Room for two keys; Linq given time enough that the two stay in flight on a busy machine. */
  public static class TwoKeys implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.idempotency.max-keys", "2",
          "gateway.idempotency.lease", "10s",
          "gateway.linq.read-timeout", "5s",
          "gateway.linq.deadline", "6s");
    }
  }

  @ProviderDoubles.Linq WireMockServer linq;

  @Test
  void aNewKeyIsRefusedWith503AndNothingSentWhileEveryKeyIsInFlight() throws Exception {
    linq.resetAll();
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED).withFixedDelay(1_500)));
    List<CompletableFuture<ExtractableResponse<Response>>> running = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String key = UUID.randomUUID().toString();
      running.add(CompletableFuture.supplyAsync(() -> react(key, LOVE).extract()));
    }
    while (linq.getAllServeEvents().size() < 2) {
      Thread.onSpinWait();
    }

    assertProblem(react(UUID.randomUUID().toString(), LOVE), 503, "idempotency_store_unavailable")
        .body("retryable", equalTo(true))
        .body("detail", containsString("nothing was sent"))
        .header("Retry-After", "1");
    linq.verify(2, anyRequestedFor(anyUrl()));

    for (CompletableFuture<ExtractableResponse<Response>> request : running) {
      assertEquals(200, request.get(10, TimeUnit.SECONDS).statusCode());
    }
    react(UUID.randomUUID().toString(), LOVE).statusCode(200);
  }
}
