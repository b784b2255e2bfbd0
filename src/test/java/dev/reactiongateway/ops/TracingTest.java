package dev.reactiongateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.reactiongateway.support.Gateway;
import dev.reactiongateway.support.ProviderDoubles;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With tracing on: a server span per request, a client span per attempt, W3C context upstream. */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@WithTestResource(ProviderDoubles.class)
class TracingTest {

  /** The SDK on, spans exported synchronously to memory. */
  public static class TracingOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.simple", "true");
    }
  }

  static final String PATH = "/api/partner/v2/chat_messages/8/reactions";

  @Inject InMemorySpanExporter spans;
  @ProviderDoubles.Linq WireMockServer linq;

  @Test
  void eachAttemptIsAClientSpanOfTheRequestsTraceAndCarriesTraceparent() throws Exception {
    linq.resetAll();
    spans.reset();
    linq.stubFor(
        post(PATH)
            .inScenario("retry")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    linq.stubFor(
        post(PATH)
            .inScenario("retry")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":3}}")));

    Gateway.react("{\"messageId\":\"linq:8\",\"reaction\":\"love\",\"operation\":\"remove\"}")
        .statusCode(200);

    List<ServeEvent> calls = linq.getAllServeEvents();
    assertEquals(2, calls.size());
    String traceparent = calls.get(0).getRequest().getHeader("traceparent");
    assertTrue(
        traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"),
        traceparent);
    String traceId = traceparent.split("-")[1];

    List<SpanData> finished = awaitSpans(3);
    List<SpanData> server = finished.stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
    List<SpanData> client = finished.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertEquals(1, server.size(), finished.toString());
    assertEquals(2, client.size(), finished.toString());
    assertEquals(traceId, server.get(0).getTraceId());
    client.forEach(span -> assertEquals(traceId, span.getTraceId()));
  }

  @Test
  void callerBaggageAndTraceStateNeverReachTheProvider() throws Exception {
    linq.resetAll();
    spans.reset();
    linq.stubFor(
        post(PATH).willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":3}}")));
    String callerTrace = "0af7651916cd43dd8448eb211c80319c";

    given()
        .contentType("application/json")
        .header("traceparent", "00-" + callerTrace + "-b7ad6b7169203331-01")
        .header("tracestate", "caller=internal-user-42")
        .header("baggage", "user.email=alice%40example.com,tenant=acme")
        .header("X-Caller-Note", "private")
        .body("{\"messageId\":\"linq:8\",\"reaction\":\"love\"}")
        .post("/v1/reactions")
        .then()
        .statusCode(200);

    List<ServeEvent> calls = linq.getAllServeEvents();
    assertEquals(1, calls.size());
    HttpHeaders sent = calls.get(0).getRequest().getHeaders();
    assertFalse(sent.getHeader("baggage").isPresent(), sent.toString());
    assertFalse(sent.getHeader("tracestate").isPresent(), sent.toString());
    assertFalse(sent.getHeader("X-Caller-Note").isPresent(), sent.toString());
    String traceparent = sent.getHeader("traceparent").firstValue();
    assertTrue(traceparent.startsWith("00-" + callerTrace + "-"), traceparent);
    assertFalse(
        traceparent.contains("b7ad6b7169203331"), "the gateway's own span, not the caller's");
    awaitSpans(2); // so that this request's spans do not end inside another test
  }

  private List<SpanData> awaitSpans(int atLeast) throws InterruptedException {
    for (int i = 0; i < 50 && spans.getFinishedSpanItems().size() < atLeast; i++) {
      Thread.sleep(100);
    }
    return spans.getFinishedSpanItems();
  }
}
