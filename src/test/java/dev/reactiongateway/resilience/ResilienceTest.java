package dev.reactiongateway.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.Gateway.react;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.reactiongateway.support.ProviderDoubles;
import dev.reactiongateway.support.ShortTimings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resilience rules of docs/resilience-and-configuration.md end to end: WireMock faults, exact
 * upstream request counts.
 */
@QuarkusTest
@TestProfile(ShortTimings.class)
@WithTestResource(ProviderDoubles.class)
class ResilienceTest {

  static final String CHERT_PATH = "/api/v1/messages/msg_1/react";
  static final String CHERT_ADD = "{\"messageId\":\"chert:msg_1\",\"reaction\":\"love\"}";
  static final String LINQ_PATH = "/api/partner/v2/chat_messages/7/reactions";
  static final String LINQ_ADD = "{\"messageId\":\"linq:7\",\"reaction\":\"love\"}";
  static final String LINQ_REMOVE =
      "{\"messageId\":\"linq:7\",\"reaction\":\"love\",\"operation\":\"remove\"}";
  static final String CHERT_SENT =
      "{\"status\":\"sent\",\"message_id\":\"msg_1\",\"reaction\":\"love\"}";
  static final String LINQ_CREATED =
      "{\"data\":{\"id\":9,\"chat_message_id\":7,\"reaction\":\"love\"}}";

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

  private final ExecutorService callers = Executors.newFixedThreadPool(24);

  @BeforeEach
  void reset() {
    chert.resetAll();
    linq.resetAll();
    CircuitBreakerMaintenance.get().resetAll();
  }

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  /** Failures after which the provider may have acted, and the code each becomes. */
  static Stream<Arguments> ambiguousFailures() {
    return Stream.of(
        Arguments.of(
            "reset by peer",
            aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
            "provider_unreachable"),
        Arguments.of(
            "empty response", aResponse().withFault(Fault.EMPTY_RESPONSE), "provider_unreachable"),
        Arguments.of(
            "malformed chunk",
            aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK),
            "provider_unreachable"),
        Arguments.of(
            "slower than the read timeout",
            aResponse().withStatus(200).withFixedDelay(800),
            "provider_timeout"),
        Arguments.of("500", aResponse().withStatus(500), "provider_error"),
        Arguments.of("502", aResponse().withStatus(502), "provider_error"),
        Arguments.of("504", aResponse().withStatus(504), "provider_error"),
        Arguments.of(
            "garbage 200 body",
            aResponse().withStatus(200).withBody("<html>ok</html>"),
            "provider_error"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ambiguousFailures")
  void anAmbiguousFailureOnAddIsSentExactlyOnce(
      String name, ResponseDefinitionBuilder fault, String code) {
    chert.stubFor(post(CHERT_PATH).willReturn(fault));

    assertProblem(react(CHERT_ADD), 502, code)
        .body("retryable", equalTo(false))
        .body("provider", equalTo("chert"));

    chert.verify(1, anyRequestedFor(anyUrl()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ambiguousFailures")
  void anAmbiguousFailureOnLinqRemoveIsRetried(
      String name, ResponseDefinitionBuilder fault, String code) {
    linq.stubFor(post(LINQ_PATH).willReturn(fault));

    assertProblem(react(LINQ_REMOVE), 502, code).body("retryable", equalTo(true));

    linq.verify(3, anyRequestedFor(anyUrl()));
  }

  @Test
  void anAmbiguousFailureOnLinqRemoveThenSuccessAnswers200() {
    linq.stubFor(
        post(LINQ_PATH)
            .inScenario("remove")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("recovered"));
    linq.stubFor(
        post(LINQ_PATH)
            .inScenario("remove")
            .whenScenarioStateIs("recovered")
            .willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));

    react(LINQ_REMOVE).statusCode(200).body("status", equalTo("removed"));
    linq.verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void a503IsRetriedEvenForAddAndEndsAsAProviderError() {
    chert.stubFor(post(CHERT_PATH).willReturn(aResponse().withStatus(503)));

    assertProblem(react(CHERT_ADD), 502, "provider_error").body("retryable", equalTo(true));
    chert.verify(3, anyRequestedFor(anyUrl()));
  }

  @Test
  void a429WithAShortRetryAfterIsWaitedOutThenRetried() {
    chert.stubFor(
        post(CHERT_PATH)
            .inScenario("limited")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
            .willSetStateTo("free"));
    chert.stubFor(
        post(CHERT_PATH)
            .inScenario("limited")
            .whenScenarioStateIs("free")
            .willReturn(aResponse().withStatus(200).withBody(CHERT_SENT)));

    react(CHERT_ADD).statusCode(200);

    List<ServeEvent> calls = chronological(chert);
    assertEquals(2, calls.size());
    long gap =
        calls.get(1).getRequest().getLoggedDate().getTime()
            - calls.get(0).getRequest().getLoggedDate().getTime();
    assertTrue(gap >= 990, "second call " + gap + " ms after the first");
    assertTrue(
        !calls
            .get(0)
            .getRequest()
            .getHeader("x-chert-signature")
            .equals(calls.get(1).getRequest().getHeader("x-chert-signature")),
        "every attempt is signed afresh");
  }

  @Test
  void a429WithALongRetryAfterIsPassedOnAtOnce() {
    chert.stubFor(
        post(CHERT_PATH)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "600")
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":429,\"code\":1007,"
                            + "\"message\":\"slow down\",\"retryable\":true},\"trace_id\":\"t\"}")));

    long started = System.nanoTime();
    assertProblem(react(CHERT_ADD), 502, "provider_rate_limited")
        .header("Retry-After", "600")
        .body("retryable", equalTo(true))
        .body("providerCode", equalTo("1007"));
    assertTrue((System.nanoTime() - started) / 1_000_000 < 1000, "gave up at once");
    chert.verify(1, anyRequestedFor(anyUrl()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999", "Fri, 31 Dec 9999 23:59:59 GMT"})
  void aHugeRetryAfterIsClampedAndPassedOnAsProviderRateLimited(String retryAfter) {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", retryAfter)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":429,\"code\":1007,"
                            + "\"message\":\"slow down\",\"retry_after\":99999999999999}}")));

    assertProblem(react(LINQ_ADD), 502, "provider_rate_limited")
        .header("Retry-After", "3600")
        .body("retryable", equalTo(true));
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void aHugeEnvelopeRetryAfterIsClampedToo() {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":429,\"code\":1007,"
                            + "\"message\":\"slow down\",\"retry_after\":9223372036854775807}}")));

    assertProblem(react(LINQ_ADD), 502, "provider_rate_limited").header("Retry-After", "3600");
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void chertDeliveryFailedMarkedNotRetryableIsNotRetried() {
    chert.stubFor(
        post(CHERT_PATH)
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":502,\"code\":4001,"
                            + "\"message\":\"Delivery failed downstream.\",\"retryable\":false}}")));

    assertProblem(react(CHERT_ADD), 502, "provider_delivery_failed")
        .body("retryable", equalTo(false))
        .body("providerCode", equalTo("4001"));
    chert.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void chertDeliveryFailedMarkedRetryableIsRetriedThenSucceeds() {
    chert.stubFor(
        post(CHERT_PATH)
            .inScenario("delivery")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":502,\"code\":4001,"
                            + "\"message\":\"Delivery failed downstream.\",\"retryable\":true},"
                            + "\"trace_id\":\"t\"}"))
            .willSetStateTo("delivered"));
    chert.stubFor(
        post(CHERT_PATH)
            .inScenario("delivery")
            .whenScenarioStateIs("delivered")
            .willReturn(aResponse().withStatus(200).withBody(CHERT_SENT)));

    react(CHERT_ADD).statusCode(200);
    chert.verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void chertDeliveryFailedEveryTimeIsProviderDeliveryFailed() {
    chert.stubFor(
        post(CHERT_PATH)
            .willReturn(
                aResponse()
                    .withStatus(502)
                    .withHeader("X-Trace-ID", "trace-4001")
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":502,\"code\":4001,"
                            + "\"message\":\"Delivery failed downstream.\",\"retryable\":true}}")));

    assertProblem(react(CHERT_ADD), 502, "provider_delivery_failed")
        .body("retryable", equalTo(true))
        .body("providerCode", equalTo("4001"))
        .body("providerTraceId", equalTo("trace-4001"));
    chert.verify(3, anyRequestedFor(anyUrl()));
  }

  @Test
  void theBreakerOpensFailsFastThenHalfOpensAndCloses() throws InterruptedException {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(500)));
    for (int i = 0; i < 4; i++) {
      assertProblem(react(LINQ_ADD), 502, "provider_error");
    }
    linq.verify(4, anyRequestedFor(anyUrl()));

    assertProblem(react(LINQ_ADD), 502, "provider_circuit_open")
        .header("Retry-After", notNullValue())
        .body("retryable", equalTo(true));
    linq.verify(4, anyRequestedFor(anyUrl()));
    react(CHERT_ADD).statusCode(502); // Chert has its own breaker: it is still called
    chert.verify(1, anyRequestedFor(anyUrl()));

    Thread.sleep(1100);
    linq.resetAll();
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));
    react(LINQ_ADD).statusCode(200);
    react(LINQ_ADD).statusCode(200);
    linq.verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void notFoundNeverOpensTheBreaker() {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":404,\"code\":\"not_found\","
                            + "\"message\":\"no\"}}")));
    for (int i = 0; i < 10; i++) {
      assertProblem(react(LINQ_ADD), 404, "message_not_found");
    }
    linq.verify(10, anyRequestedFor(anyUrl()));
  }

  @Test
  void aStalledProviderDoesNotSlowTheOther() throws Exception {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withFixedDelay(5_000)));
    chert.stubFor(post(CHERT_PATH).willReturn(aResponse().withStatus(200).withBody(CHERT_SENT)));

    List<CompletableFuture<ExtractableResponse<Response>>> stalled = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      stalled.add(CompletableFuture.supplyAsync(() -> react(LINQ_ADD).extract(), callers));
    }
    Thread.sleep(100);
    for (int i = 0; i < 10; i++) {
      long started = System.nanoTime();
      react(CHERT_ADD).statusCode(200);
      long millis = (System.nanoTime() - started) / 1_000_000;
      // Sharing linq's capacity would make chert wait for the 5 s stall (or its own deadline).
      assertTrue(millis < 1_000, "chert answered in " + millis + " ms while linq stalls");
    }
    for (CompletableFuture<ExtractableResponse<Response>> call : stalled) {
      assertEquals(502, call.get().statusCode());
    }
  }

  private static List<ServeEvent> chronological(WireMockServer server) {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    events.sort(Comparator.comparing(event -> event.getRequest().getLoggedDate()));
    return events;
  }
}
