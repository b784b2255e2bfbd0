package dev.reactiongateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exactly one JSON summary line per request, with every documented field. */
@QuarkusTest
@TestProfile(SummaryLogTest.JsonFileLog.class)
@WithTestResource(ProviderDoubles.class)
class SummaryLogTest {

  static final Path LOG = Path.of("target", "summary-log-test.json.log");
  static final List<String> FIELDS =
      List.of(
          "requestId",
          "caller",
          "provider",
          "api",
          "reaction",
          "operation",
          "code",
          "status",
          "attempts",
          "upstreamStatus",
          "providerTraceId",
          "durationMs");

  /** JSON logs to a file, as production writes them to the console. */
  public static class JsonFileLog implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.log.file.enabled", "true",
          "quarkus.log.file.path", LOG.toString(),
          "quarkus.log.file.json.enabled", "true");
    }
  }

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

  @Test
  void aSuccessAndA502EachGetOneCompleteSummaryLine() throws Exception {
    linq.stubFor(
        post("/api/partner/v2/chat_messages/9/reactions")
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("X-Trace-ID", "lt-9")
                    .withBody("{\"data\":{\"id\":4}}")));
    chert.stubFor(
        post("/api/v1/messages/m9/react")
            .willReturn(aResponse().withStatus(500).withHeader("X-Trace-ID", "ct-9")));

    send("sum-ok", "{\"messageId\":\"linq:9\",\"reaction\":\"love\"}", 200);
    send("sum-502", "{\"messageId\":\"chert:m9\",\"reaction\":\"like\"}", 502);

    JsonNode ok = onlySummary("sum-ok");
    JsonNode failed = onlySummary("sum-502");
    for (JsonNode line : List.of(ok, failed)) {
      FIELDS.forEach(field -> assertTrue(line.has(field), field + " missing in " + line));
      assertEquals("anonymous", line.get("caller").asText());
    }
    assertEquals("linq", ok.get("provider").asText());
    assertEquals("v2", ok.get("api").asText());
    assertEquals("ok", ok.get("code").asText());
    assertEquals("200", ok.get("status").asText());
    assertEquals("201", ok.get("upstreamStatus").asText());
    assertEquals("lt-9", ok.get("providerTraceId").asText());
    assertEquals("chert", failed.get("provider").asText());
    assertEquals("v1", failed.get("api").asText());
    assertEquals("like", failed.get("reaction").asText());
    assertEquals("provider_error", failed.get("code").asText());
    assertEquals("502", failed.get("status").asText());
    assertEquals("1", failed.get("attempts").asText());
    assertEquals("500", failed.get("upstreamStatus").asText());
    assertEquals("ct-9", failed.get("providerTraceId").asText());
  }

  @Test
  void aReadGetsOneSummaryLineWithOperationReadAndNoReaction() throws Exception {
    String id = "550e8400-e29b-41d4-a716-446655440009";
    linq.stubFor(
        get("/api/partner/v3/messages/" + id)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("X-Trace-ID", "lt-read")
                    .withBody("{\"parts\":[]}")));

    given()
        .header("X-Request-Id", "sum-read")
        .get("/v1/messages/linq:" + id + "/reactions")
        .then()
        .statusCode(200);
    given()
        .header("X-Request-Id", "sum-read-refused")
        .get("/v1/messages/nobody/reactions")
        .then()
        .statusCode(400);

    JsonNode read = onlySummary("sum-read");
    FIELDS.forEach(field -> assertTrue(read.has(field), field + " missing in " + read));
    assertEquals("linq", read.get("provider").asText());
    assertEquals("v3", read.get("api").asText());
    assertEquals("read", read.get("operation").asText());
    assertEquals("-", read.get("reaction").asText());
    assertEquals("ok", read.get("code").asText());
    assertEquals("1", read.get("attempts").asText());
    assertEquals("200", read.get("upstreamStatus").asText());
    assertEquals("lt-read", read.get("providerTraceId").asText());
    JsonNode refused = onlySummary("sum-read-refused");
    assertEquals("read", refused.get("operation").asText());
    assertEquals("-", refused.get("provider").asText());
    assertEquals("invalid_request", refused.get("code").asText());
  }

  private static void send(String requestId, String body, int status) {
    given()
        .contentType("application/json")
        .header("X-Request-Id", requestId)
        .body(body)
        .post("/v1/reactions")
        .then()
        .statusCode(status);
  }

  /** The MDC of the single access-log line of this request. */
  private static JsonNode onlySummary(String requestId) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> found = new ArrayList<>();
    for (int attempt = 0; attempt < 50 && found.isEmpty(); attempt++) {
      Thread.sleep(100);
      found.clear();
      if (Files.exists(LOG)) {
        for (String line : Files.readAllLines(LOG)) {
          JsonNode record = json.readTree(line);
          if ("dev.reactiongateway.access".equals(record.path("loggerName").asText())
              && requestId.equals(record.path("mdc").path("requestId").asText())) {
            found.add(record.get("mdc"));
          }
        }
      }
    }
    assertEquals(1, found.size(), "summary lines for " + requestId);
    return found.get(0);
  }
}
