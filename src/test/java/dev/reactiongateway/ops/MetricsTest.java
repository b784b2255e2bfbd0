package dev.reactiongateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.Gateway;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The documented series, with counts that move exactly with the outcomes. */
@QuarkusTest
@WithTestResource(ProviderDoubles.class)
class MetricsTest {

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

  @Test
  void requestsAttemptsAndOutcomesAreCountedByCode() {
    CircuitBreakerMaintenance.get().resetAll();
    chert.resetAll();
    linq.resetAll();
    linq.stubFor(
        post("/api/partner/v2/chat_messages/5/reactions")
            .willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":1}}")));
    chert.stubFor(post("/api/v1/messages/m5/react").willReturn(aResponse().withStatus(500)));
    String before = metrics();

    Gateway.react("{\"messageId\":\"linq:5\",\"reaction\":\"love\"}").statusCode(200);
    Gateway.react("{\"messageId\":\"linq:5\",\"reaction\":\"like\"}").statusCode(200);
    Gateway.react("{\"messageId\":\"linq:5\",\"reaction\":\"wink\"}").statusCode(400);
    Gateway.react("{\"messageId\":\"chert:m5\",\"reaction\":\"love\"}").statusCode(502);
    String key = UUID.randomUUID().toString();
    for (int i = 0; i < 2; i++) {
      given()
          .contentType("application/json")
          .header("Idempotency-Key", key)
          .body("{\"messageId\":\"linq:5\",\"reaction\":\"laugh\"}")
          .post("/v1/reactions")
          .then()
          .statusCode(200);
    }
    String after = metrics();

    assertEquals(
        3,
        delta(
            before,
            after,
            "gateway_requests_total",
            "api=\"v2\",caller=\"anonymous\",code=\"ok\",operation=\"add\",provider=\"linq\""));
    assertEquals(
        1,
        delta(
            before,
            after,
            "gateway_requests_total",
            "api=\"v2\",caller=\"anonymous\",code=\"replayed\",operation=\"add\",provider=\"linq\""));
    assertEquals(
        1,
        delta(
            before,
            after,
            "gateway_requests_total",
            "api=\"none\",caller=\"anonymous\",code=\"invalid_reaction\",operation=\"none\","
                + "provider=\"none\""));
    assertEquals(
        1,
        delta(
            before,
            after,
            "gateway_requests_total",
            "api=\"v1\",caller=\"anonymous\",code=\"provider_error\",operation=\"add\","
                + "provider=\"chert\""));
    assertEquals(
        3,
        delta(
            before, after, "gateway_upstream_attempts_total", "provider=\"linq\",result=\"2xx\""));
    assertEquals(
        1,
        delta(
            before, after, "gateway_upstream_attempts_total", "provider=\"chert\",result=\"5xx\""));
    assertEquals(1, delta(before, after, "gateway_idempotency_total", "result=\"replayed\""));
    assertEquals(
        4,
        delta(
            before,
            after,
            "gateway_request_duration_seconds_count",
            "api=\"v2\",operation=\"add\",provider=\"linq\""));
    assertEquals(1, value(after, "gateway_breaker_state", "provider=\"linq\",state=\"closed\""));
    assertEquals(0, value(after, "gateway_bulkhead_in_use", "provider=\"linq\""));
    assertFalse(after.contains("messageId") || after.contains(key), "no ids or keys as tag values");
  }

  @Test
  void theFrameworksDuplicateMetersAreOff() {
    Gateway.react("{\"messageId\":\"chert:m6\",\"reaction\":\"love\"}");
    String exposition = metrics();

    for (String duplicate : new String[] {"http_server_requests", "http_client_requests", "ft_"}) {
      assertFalse(
          Pattern.compile("(?m)^" + duplicate).matcher(exposition).find(),
          duplicate + " meters duplicate the gateway_* ones and cost CPU per request");
    }
    assertTrue(exposition.contains("gateway_requests_total{"), "the gateway's own meters are on");
  }

  private static String metrics() {
    return given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  private static double delta(String before, String after, String name, String tags) {
    return value(after, name, tags) - value(before, name, tags);
  }

  private static double value(String exposition, String name, String tags) {
    Matcher line =
        Pattern.compile("(?m)^" + Pattern.quote(name + "{" + tags) + "[^}]*} (\\S+)$")
            .matcher(exposition);
    return line.find() ? Double.parseDouble(line.group(1)) : 0;
  }
}
