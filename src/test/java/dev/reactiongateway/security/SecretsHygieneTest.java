package dev.reactiongateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.reactiongateway.support.LinqWebhookDeliveries;
import dev.reactiongateway.support.ProviderDoubles;
import dev.reactiongateway.support.ShortTimings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.config.SmallRyeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Real requests (successes, provider errors, retries, rejected callers, replays) with DEBUG logging
 * everywhere and the REST clients' request/response logging on; then every configured secret is
 * searched for in the logs, the answers, the metrics and the OpenAPI document; and the provider
 * credentials are locked away from the plain Config API.
 */
@QuarkusTest
@TestProfile(SecretsHygieneTest.Verbose.class)
@WithTestResource(ProviderDoubles.class)
class SecretsHygieneTest {

  static final String CHERT_SECRET = "hygiene-chert-signing-secret-7f3a";
  static final String LINQ_TOKEN = "hygiene-linq-token-91bc";
  static final String LINQ_API_KEY = "hygiene-linq-v3-key-5e0d";
  static final String CHERT_TOKEN = "hygiene-chert-api-token-2d6e";
  static final String CALLER_KEY = "caller-secret-key-123";
  static final String LINQ_WEBHOOK_SECRET =
      "whsec_"
          + java.util.Base64.getEncoder()
              .encodeToString("hygiene-linq-webhook-key-0c41".getBytes(StandardCharsets.UTF_8));
  static final String SUBSCRIBER_SECRET = "whsec_aHlnaWVuZS1zdWJzY3JpYmVyLXNpZ25pbmcta2V5LTQy";
  static final List<String> SECRETS =
      List.of(
          CHERT_SECRET,
          LINQ_TOKEN,
          LINQ_API_KEY,
          CHERT_TOKEN,
          CALLER_KEY,
          LINQ_WEBHOOK_SECRET,
          SUBSCRIBER_SECRET);
  static final List<String> CREDENTIAL_KEYS =
      List.of(
          "gateway.chert.signing-secret",
          "gateway.chert.api-token",
          "gateway.linq.integration-token",
          "gateway.linq.api-key",
          "gateway.linq.webhook-secrets");
  static final String REACTOR = "+14155559876";
  static final String V3_ID = "0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a10";
  static final Path LOG = Path.of("target", "secrets-hygiene-test.log");

  /** Short timings, auth on, and the most verbose logging there is. */
  public static class Verbose extends ShortTimings {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(super.getConfigOverrides());
      config.put("gateway.chert.signing-secret", CHERT_SECRET);
      config.put("gateway.linq.integration-token", LINQ_TOKEN);
      config.put("gateway.linq.api-key", LINQ_API_KEY);
      config.put("gateway.linq.webhook-secrets", LINQ_WEBHOOK_SECRET);
      // Unused here (a signing secret wins), set to prove it locked as well.
      config.put("gateway.chert.api-token", CHERT_TOKEN);
      config.put("gateway.auth.enabled", "true");
      // A subscriber on the Linq double: the recorded webhook is pushed to it, signed with its
      // secret.
      config.put("gateway.subscribers.hygiene.url", "${gateway.linq.base-url}/subscriber");
      config.put("gateway.subscribers.hygiene.secret", SUBSCRIBER_SECRET);
      config.put(
          "gateway.auth.callers.hygiene.key-sha256",
          "789333ce161f7dd64b5c11a4e9c3732bcd17036cdc15df5cb14f0a0c33b4e558");
      config.put("quarkus.rest-client.logging.scope", "request-response");
      config.put("quarkus.log.level", "DEBUG");
      config.put("quarkus.log.min-level", "TRACE");
      // The test's own HTTP client (RestAssured's Apache HttpClient) shares this JVM and logs the
      // caller's Authorization header at DEBUG; it is the caller, not the gateway, so it is quiet.
      config.put("quarkus.log.category.\"org.apache.http\".level", "INFO");
      config.put("quarkus.log.console.level", "INFO"); // the scanned file gets everything
      config.put("quarkus.log.file.enabled", "true");
      config.put("quarkus.log.file.path", LOG.toString());
      return config;
    }
  }

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

  @Test
  void noSecretAppearsInLogsAnswersMetricsOrOpenApi() throws Exception {
    chert.stubFor(
        post("/api/v1/messages/ok/react")
            .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"sent\"}")));
    chert.stubFor(post("/api/v1/messages/busy/react").willReturn(aResponse().withStatus(503)));
    linq.stubFor(
        post("/api/partner/v2/chat_messages/1/reactions")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    linq.stubFor(
        post("/api/partner/v2/chat_messages/2/reactions")
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":401,\"code\":\"bad_token\","
                            + "\"message\":\"token rejected\"}}")));

    linq.stubFor(
        post("/api/partner/v3/messages/" + V3_ID + "/reactions")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"message\":\"ok\",\"status\":\"accepted\",\"trace_id\":\"t\"}")));
    linq.stubFor(
        post("/api/partner/v3/messages/" + V3_ID.replace('a', 'b') + "/reactions")
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":403,\"code\":2005,"
                            + "\"message\":\"access denied\"}}")));

    List<ExtractableResponse<Response>> answers = new ArrayList<>();
    answers.add(
        call("Bearer " + CALLER_KEY, "k-1", "{\"messageId\":\"chert:ok\",\"reaction\":\"love\"}"));
    answers.add(
        call("Bearer " + CALLER_KEY, "k-1", "{\"messageId\":\"chert:ok\",\"reaction\":\"love\"}"));
    answers.add(
        call("Bearer " + CALLER_KEY, null, "{\"messageId\":\"chert:busy\",\"reaction\":\"love\"}"));
    // Linq v3 first: the resets below open Linq's breaker.
    answers.add(
        call(
            "Bearer " + CALLER_KEY,
            null,
            "{\"messageId\":\"linq:" + V3_ID + "\",\"reaction\":\"🎉\",\"partIndex\":1}"));
    answers.add(
        call(
            "Bearer " + CALLER_KEY,
            null,
            "{\"messageId\":\"linq:" + V3_ID.replace('a', 'b') + "\",\"reaction\":\"love\"}"));
    answers.add(
        call(
            "Bearer " + CALLER_KEY,
            null,
            "{\"messageId\":\"linq:1\",\"reaction\":\"love\",\"operation\":\"remove\"}"));
    answers.add(
        call("Bearer " + CALLER_KEY, null, "{\"messageId\":\"linq:2\",\"reaction\":\"love\"}"));
    answers.add(call("Bearer " + CALLER_KEY + "x", null, "{}"));
    answers.add(call(null, null, "{}"));

    linq.stubFor(post("/subscriber").willReturn(aResponse().withStatus(204)));
    String event = LinqWebhookDeliveries.reactionAdded(UUID.randomUUID().toString(), "love");
    long now = Instant.now().getEpochSecond();
    answers.add(
        LinqWebhookDeliveries.deliver(event, LINQ_WEBHOOK_SECRET, now).statusCode(204).extract());
    answers.add(
        LinqWebhookDeliveries.deliver(event, LinqWebhookDeliveries.SECRET, now)
            .statusCode(401)
            .extract());
    for (int i = 0;
        i < 250 && linq.findAll(postRequestedFor(urlEqualTo("/subscriber"))).isEmpty();
        i++) {
      Thread.sleep(20);
    }
    assertFalse(
        linq.findAll(postRequestedFor(urlEqualTo("/subscriber"))).isEmpty(), "an event was pushed");

    StringBuilder everything = new StringBuilder();
    for (ExtractableResponse<Response> answer : answers) {
      everything.append(answer.headers()).append(answer.asString());
    }
    everything.append(given().get("/q/metrics").then().extract().asString());
    // The OpenAPI document's example event carries this same handle, so it is searched for secrets
    // only.
    String answersAndMetrics = everything.toString();
    everything.append(given().get("/q/openapi").then().extract().asString());
    Thread.sleep(500); // let the file handler flush the last summary lines
    String logs = Files.readString(LOG);

    assertTrue(logs.contains("upstream request: POST"), "the REST client logging was on");
    assertTrue(logs.contains("x-chert-signature=[redacted]"), "and redacting");
    assertTrue(logs.contains("X-LINQ-INTEGRATION-TOKEN=[redacted]"), "for both providers");
    assertTrue(logs.contains("Authorization=[redacted]"), "and for Linq's v3 bearer key");
    assertTrue(logs.contains("webhook provider=linq"), "the webhooks were logged");
    assertFalse(logs.contains(REACTOR), "a reactor's handle is in the logs");
    assertFalse(
        answersAndMetrics.contains(REACTOR),
        "a reactor's handle is in an answer or a metric label");
    for (String secret : SECRETS) {
      assertFalse(logs.contains(secret), "a secret is in the logs");
      assertFalse(everything.toString().contains(secret), "a secret is in an answer");
    }
  }

  @Test
  void everyCredentialIsLockedAwayFromThePlainConfigApi() {
    Config config = ConfigProvider.getConfig();
    for (String key : CREDENTIAL_KEYS) {
      assertThrows(SecurityException.class, () -> config.getOptionalValue(key, String.class), key);
      assertThrows(SecurityException.class, () -> config.getValue(key, String.class), key);
      assertThrows(
          SecurityException.class,
          () -> config.unwrap(SmallRyeConfig.class).getConfigValue(key),
          key);
      for (String name : config.getPropertyNames()) {
        assertNotEquals(key, name, "a credential's name is listed");
      }
    }
    // The rest of the providers' configuration stays readable.
    assertTrue(config.getOptionalValue("gateway.chert.base-url", String.class).isPresent());
  }

  private static ExtractableResponse<Response> call(String authorization, String key, String body) {
    var request = given().contentType("application/json").body(body);
    if (authorization != null) {
      request = request.header("Authorization", authorization);
    }
    if (key != null) {
      request = request.header("Idempotency-Key", key);
    }
    return request.post("/v1/reactions").then().extract();
  }
}
