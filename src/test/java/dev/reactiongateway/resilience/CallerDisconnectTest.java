package dev.reactiongateway.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller that disconnects while its attempt waits for a bulkhead permit: that tapback is never
 * sent, and a keyed request's Idempotency-Key is released so the caller's retry goes through.
 */
@QuarkusTest
@TestProfile(CallerDisconnectTest.OnePermit.class)
@WithTestResource(ProviderDoubles.class)
class CallerDisconnectTest {

  /** Linq admits one attempt at a time; the others wait in the bulkhead queue. */
  public static class OnePermit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.linq.read-timeout", "10s",
          "gateway.linq.deadline", "8s",
          "gateway.linq.bulkhead.max-concurrent", "1",
          "gateway.linq.bulkhead.queue-size", "4");
    }
  }

  static final String SLOW = "/api/partner/v2/chat_messages/1/reactions";
  static final String OTHER = "/api/partner/v2/chat_messages/2/reactions";
  static final String FAILING = "/api/partner/v2/chat_messages/3/reactions";

  @TestHTTPResource URL gateway;
  @ProviderDoubles.Linq WireMockServer linq;

  @BeforeEach
  void reset() {
    linq.resetAll();
    CircuitBreakerMaintenance.get().resetAll();
    linq.stubFor(
        post(SLOW)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withBody("{\"data\":{\"id\":1}}")
                    .withFixedDelay(1_500)));
    linq.stubFor(
        post(OTHER).willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":2}}")));
    linq.stubFor(post(FAILING).willReturn(aResponse().withStatus(503).withFixedDelay(600)));
  }

  @Test
  void noRetryIsSentForACallerWhoLeftDuringASentAttempt() throws Exception {
    sendAndHangUp("linq:3", "gone-3", null); // leaves while the first attempt is with linq

    Thread.sleep(1_500); // a 503 is retried after ~100 ms: a ghost retry would be sent by now
    linq.verify(1, postRequestedFor(urlFor(FAILING)));
  }

  @Test
  void aQueuedRequestWhoseCallerLeftIsNeverSent() throws Exception {
    CompletableFuture<Integer> holder = occupyThePermit();
    sendAndHangUp("linq:2", "gone-1", null);

    assertEquals(200, holder.get());
    Thread.sleep(1_000); // the permit is free again: a ghost would be sent now
    linq.verify(0, postRequestedFor(urlFor(OTHER)));
    linq.verify(0, postRequestedFor(urlFor(OTHER)).withHeader("X-Request-Id", equalTo("gone-1")));
  }

  @Test
  void aKeyedRequestWhoseCallerLeftBeforeSendingReleasesItsKey() throws Exception {
    CompletableFuture<Integer> holder = occupyThePermit();
    sendAndHangUp("linq:2", "gone-2", "retry-me");

    assertEquals(200, holder.get());
    Thread.sleep(1_000);
    linq.verify(0, postRequestedFor(urlFor(OTHER)));
    given()
        .contentType("application/json")
        .header("Idempotency-Key", "retry-me")
        .body("{\"messageId\":\"linq:2\",\"reaction\":\"love\"}")
        .post("/v1/reactions")
        .then()
        .statusCode(200)
        .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
    linq.verify(1, postRequestedFor(urlFor(OTHER)));
  }

  /** Starts a slow request and returns once the provider holds it (the permit is taken). */
  private CompletableFuture<Integer> occupyThePermit() throws InterruptedException {
    CompletableFuture<Integer> holder =
        CompletableFuture.supplyAsync(
            () ->
                given()
                    .contentType("application/json")
                    .body("{\"messageId\":\"linq:1\",\"reaction\":\"love\"}")
                    .post("/v1/reactions")
                    .statusCode());
    for (int i = 0; i < 150 && !permitHeld(); i++) {
      Thread.sleep(20);
    }
    assertEquals(true, permitHeld(), "the permit is held");
    return holder;
  }

  private static boolean permitHeld() {
    return given()
        .get("/q/metrics")
        .asString()
        .contains("gateway_bulkhead_in_use{provider=\"linq\"} 1.0");
  }

  /** Sends a request on a raw socket and closes it before any answer. */
  private void sendAndHangUp(String messageId, String requestId, String idempotencyKey)
      throws Exception {
    String body = "{\"messageId\":\"" + messageId + "\",\"reaction\":\"love\"}";
    String request =
        "POST /v1/reactions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "X-Request-Id: "
            + requestId
            + "\r\n"
            + (idempotencyKey == null ? "" : "Idempotency-Key: " + idempotencyKey + "\r\n")
            + "Content-Length: "
            + body.length()
            + "\r\n\r\n"
            + body;
    try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(300); // queued behind the permit holder, or with the provider, by now
    }
  }

  private static com.github.tomakehurst.wiremock.matching.UrlPattern urlFor(String path) {
    return com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo(path);
  }
}
