package dev.reactiongateway.api.callers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inbound authentication and per-caller rate limits, on. */
@QuarkusTest
@TestProfile(InboundAuthTest.AuthOn.class)
@WithTestResource(ProviderDoubles.class)
class InboundAuthTest {

  static final Path LOG = Path.of("target", "inbound-auth-test.log");

  /** Two callers: billing with two keys (rotation), notifications limited to 3 per 10 s. */
  public static class AuthOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.auth.enabled", "true",
          "gateway.auth.callers.billing.key-sha256",
              "fae753df059d1aaa02b5fce22fbc90ba2d91df1c1908d333c1346f81b16b4499,"
                  + "0faaaed401fed02122be5ce49cfee422231dd072dc02456bce9f77b876104e08",
          "gateway.auth.callers.notifications.key-sha256",
              "1ef106874c1188a623c72cc05bd9e8322e9379c68bb5056617dcdd5d44c5b8f2",
          "gateway.auth.callers.notifications.rate-limit", "3",
          "gateway.rate-limit.window", "10s",
          "quarkus.log.file.enabled", "true",
          "quarkus.log.file.path", LOG.toString());
    }
  }

  static final String LINQ_PATH = "/api/partner/v2/chat_messages/224/reactions";
  static final String LOVE = "{\"messageId\":\"linq:224\",\"reaction\":\"love\"}";

  @ProviderDoubles.Linq WireMockServer linq;

  @BeforeEach
  void stub() {
    linq.resetAll();
    linq.stubFor(
        post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":1}}")));
  }

  static ValidatableResponse react(String authorization) {
    var request = given().contentType("application/json").body(LOVE);
    if (authorization != null) {
      request = request.header("Authorization", authorization);
    }
    return request.post("/v1/reactions").then();
  }

  @Test
  void withoutValidCredentialsTheAnswerIs401AndNothingIsSent() {
    for (String authorization :
        new String[] {
          null, "Basic YmlsbGluZzprZXk=", "Bearer wrong-key", "Bearer ", "billing-key-1"
        }) {
      assertProblem(react(authorization), 401, "unauthorized")
          .header("WWW-Authenticate", startsWith("Bearer"))
          .body("retryable", equalTo(false));
    }
    linq.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void aSecondAuthorizationHeaderIsRefusedEvenAfterAValidOne() {
    var request =
        given()
            .contentType("application/json")
            .header("Authorization", "Bearer billing-key-1")
            .header("Authorization", "Bearer wrong-key")
            .body(LOVE);
    assertProblem(request.post("/v1/reactions").then(), 401, "unauthorized");
    linq.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void eitherOfACallersRotatedKeysIsAccepted() {
    react("Bearer billing-key-1").statusCode(200);
    react("bearer billing-key-2").statusCode(200);
    linq.verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void healthMetricsAndOpenApiNeedNoKey() {
    given().get("/q/health").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200);
    given().get("/q/openapi").then().statusCode(200);
  }

  @Test
  void theCallerNameIsInTheRequestsSummaryLine() throws Exception {
    String requestId = "auth-log-" + System.nanoTime();
    given()
        .contentType("application/json")
        .header("Authorization", "Bearer billing-key-2")
        .header("X-Request-Id", requestId)
        .body(LOVE)
        .post("/v1/reactions")
        .then()
        .statusCode(200);

    String line = awaitLogLine(requestId);
    assertTrue(line.contains("caller=billing"), line);
    assertTrue(line.contains("code=ok") && line.contains("status=200"), line);
  }

  @Test
  void aBurstOverTheLimitIs429AndOtherCallersAreUnaffected() {
    for (int i = 0; i < 3; i++) {
      react("Bearer notifications-key").statusCode(200);
    }
    assertProblem(react("Bearer notifications-key"), 429, "rate_limited")
        .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
        .body("retryable", equalTo(true));
    react("Bearer billing-key-1").statusCode(200);
    linq.verify(4, anyRequestedFor(anyUrl()));
  }

  static String awaitLogLine(String requestId) throws Exception {
    for (int i = 0; i < 50; i++) {
      if (Files.exists(LOG)) {
        for (String line : Files.readAllLines(LOG)) {
          if (line.contains("request requestId=" + requestId)) {
            return line;
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no summary line for " + requestId + " in " + LOG);
  }
}
