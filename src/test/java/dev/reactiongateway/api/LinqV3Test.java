package dev.reactiongateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.Gateway.react;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Linq's v3 API, custom emoji and part targeting, end to end against WireMock doubles. */
@QuarkusTest
@WithTestResource(ProviderDoubles.class)
class LinqV3Test {

  static final String UUID_ID = "0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a10";
  static final String V3_PATH = "/api/partner/v3/messages/" + UUID_ID + "/reactions";
  static final String ACCEPTED =
      "{\"message\":\"Reaction processed\",\"status\":\"accepted\",\"trace_id\":\"lt-ack\"}";

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

  @BeforeEach
  void reset() {
    chert.resetAll();
    linq.resetAll();
    CircuitBreakerMaintenance.get().resetAll();
  }

  /** The v3 API key the gateway under test is configured with. */
  String apiKey() {
    return "test-linq-v3-key";
  }

  private void accept() {
    linq.stubFor(
        post(V3_PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ACCEPTED)));
  }

  private LoggedRequest onlyV3Request() {
    List<LoggedRequest> requests = linq.findAll(postRequestedFor(anyUrl()));
    assertEquals(1, requests.size(), "requests to linq");
    assertEquals(V3_PATH, requests.get(0).getUrl());
    assertEquals(0, chert.getAllServeEvents().size());
    return requests.get(0);
  }

  @Test
  void aUuidMessageIdGoesToV3WithTheBearerKeyAndTheDocumentedBody() {
    linq.stubFor(
        post(V3_PATH)
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader("X-Trace-ID", "lt-header")
                    .withBody(ACCEPTED)));

    given()
        .contentType("application/json")
        .header("X-Request-Id", "req-v3-1")
        .body("{\"messageId\":\"linq:" + UUID_ID.toUpperCase() + "\",\"reaction\":\"❤️\"}")
        .post("/v1/reactions")
        .then()
        .statusCode(200)
        .body("provider", equalTo("linq"))
        .body("messageId", equalTo(UUID_ID))
        .body("reaction", equalTo("love"))
        .body("operation", equalTo("add"))
        .body("status", equalTo("sent"))
        .body("providerTraceId", equalTo("lt-header"))
        .body("providerReactionId", nullValue())
        .body("sentAt", nullValue())
        .body("requestId", equalTo("req-v3-1"));

    LoggedRequest sent = onlyV3Request();
    assertEquals("{\"operation\":\"add\",\"type\":\"love\"}", sent.getBodyAsString());
    assertEquals("Bearer " + apiKey(), sent.getHeader("Authorization"));
    assertEquals("application/json", sent.getHeader("Content-Type"));
    assertEquals("req-v3-1", sent.getHeader("X-Request-Id"));
    assertNull(sent.getHeader("X-LINQ-INTEGRATION-TOKEN"));
  }

  @Test
  void aCustomEmojiOnAPartSendsTypeCustomTheEmojiAndPartIndex() {
    accept();

    react(
            "{\"provider\":\"linq\",\"messageId\":\""
                + UUID_ID
                + "\",\"reaction\":\"🎉\",\"partIndex\":2}")
        .statusCode(200)
        .body("reaction", equalTo("🎉"))
        .body("status", equalTo("sent"))
        .body("providerTraceId", equalTo("lt-ack"));

    assertArrayEquals(
        "{\"operation\":\"add\",\"type\":\"custom\",\"custom_emoji\":\"🎉\",\"part_index\":2}"
            .getBytes(StandardCharsets.UTF_8),
        onlyV3Request().getBody());
  }

  @Test
  void removingACustomEmojiSendsRemoveWithItsFullyQualifiedForm() {
    accept();

    react(
            "{\"provider\":\"linq\",\"messageId\":\""
                + UUID_ID
                + "\",\"type\":\"☺\",\"operation\":\"remove\"}")
        .statusCode(200)
        .body("reaction", equalTo("☺️"))
        .body("operation", equalTo("remove"))
        .body("status", equalTo("removed"));

    assertEquals(
        "{\"operation\":\"remove\",\"type\":\"custom\",\"custom_emoji\":\"☺️\"}",
        onlyV3Request().getBodyAsString());
  }

  @Test
  void partIndexZeroIsPassedToV3AndAllowedOnV2WhichNeverSeesIt() {
    accept();
    linq.stubFor(
        post("/api/partner/v2/chat_messages/224/reactions")
            .willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":1}}")));

    react("{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"like\",\"partIndex\":0}")
        .statusCode(200);
    react("{\"messageId\":\"linq:224\",\"reaction\":\"like\",\"partIndex\":0}").statusCode(200);

    linq.verify(
        1,
        postRequestedFor(urlEqualTo(V3_PATH))
            .withRequestBody(
                WireMock.equalTo("{\"operation\":\"add\",\"type\":\"like\",\"part_index\":0}")));
    linq.verify(
        1,
        postRequestedFor(urlEqualTo("/api/partner/v2/chat_messages/224/reactions"))
            .withRequestBody(WireMock.equalTo("{\"type\":\"like\",\"operation\":\"add\"}")));
    linq.verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void anAcknowledgementThatIsNotAcceptedIsAProviderErrorAndAnAddIsNotRetried() {
    linq.stubFor(
        post(V3_PATH).willReturn(aResponse().withStatus(200).withBody("{\"status\":\"queued\"}")));

    assertProblem(
            react("{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"love\"}"),
            502,
            "provider_error")
        .body("provider", equalTo("linq"))
        .body("retryable", equalTo(false));
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void v3MessageNotFoundIsA404WithLinqsCode() {
    linq.stubFor(
        post(V3_PATH)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":404,\"code\":2002,"
                            + "\"message\":\"no such message in shard 3\"},\"trace_id\":\"lt-404\"}")));

    assertProblem(
            react("{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"🎉\"}"),
            404,
            "message_not_found")
        .body("provider", equalTo("linq"))
        .body("providerStatus", equalTo(404))
        .body("providerCode", equalTo("2002"))
        .body("providerTraceId", equalTo("lt-404"))
        .body(not(containsString("shard")));
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @ParameterizedTest
  @CsvSource({"401,2004", "403,2005"})
  void v3RefusingTheGatewaysKeyIsProviderRejected(int status, String code) {
    linq.stubFor(
        post(V3_PATH)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":"
                            + status
                            + ",\"code\":"
                            + code
                            + ",\"message\":\"key lk_live_9 revoked\"},\"trace_id\":\"lt-"
                            + status
                            + "\"}")));

    String body =
        assertProblem(
                react("{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"love\"}"),
                502,
                "provider_rejected")
            .body("retryable", equalTo(false))
            .body("providerStatus", equalTo(status))
            .body("providerCode", equalTo(code))
            .extract()
            .asString();
    assertTrue(!body.contains("lk_live_9"), body);
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void a429WithAnEnvelopeRetryAfterIsWaitedOutThenRetried() {
    linq.stubFor(
        post(V3_PATH)
            .inScenario("rate")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":429,\"code\":1007,"
                            + "\"message\":\"Rate limit exceeded\",\"retry_after\":1},"
                            + "\"trace_id\":\"lt-429\"}"))
            .willSetStateTo("waited"));
    linq.stubFor(
        post(V3_PATH)
            .inScenario("rate")
            .whenScenarioStateIs("waited")
            .willReturn(aResponse().withStatus(200).withBody(ACCEPTED)));

    react("{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"🎉\"}").statusCode(200);

    List<LoggedRequest> requests = linq.findAll(postRequestedFor(urlEqualTo(V3_PATH)));
    assertEquals(2, requests.size());
    long waited =
        requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
    assertTrue(waited >= 1000, "retried after " + waited + " ms, before Linq's retry_after of 1 s");
    assertEquals(requests.get(0).getBodyAsString(), requests.get(1).getBodyAsString());
  }

  @Test
  void a429AskingForMoreThanTheDeadlineIsProviderRateLimitedWithItsRetryAfter() {
    linq.stubFor(
        post(V3_PATH)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":429,\"code\":1007,"
                            + "\"message\":\"Rate limit exceeded\",\"retry_after\":30}}")));

    assertProblem(
            react("{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"love\"}"),
            502,
            "provider_rate_limited")
        .header("Retry-After", "30")
        .body("retryable", equalTo(true))
        .body("providerCode", equalTo("1007"));
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "custom emoji on chert|{\"messageId\":\"chert:msg_01H\",\"reaction\":\"🎉\"}|chert|chert v1 cannot send a custom emoji reaction: send one of love",
        "custom emoji on linq v2|{\"messageId\":\"linq:224\",\"reaction\":\"🎉\"}|linq|linq v2 cannot send a custom emoji reaction: send one of love, like, dislike, laugh, emphasize, question (or an alias), or use the message's Linq v3 id (a UUID), which can; nothing was sent",
        "a part on chert|{\"messageId\":\"chert:msg_01H\",\"reaction\":\"love\",\"partIndex\":1}|chert|chert v1 cannot target a part other than 0: omit partIndex or send 0; nothing was sent",
        "a part on linq v2|{\"messageId\":\"linq:224\",\"reaction\":\"love\",\"partIndex\":1}|linq|linq v2 cannot target a part other than 0: omit partIndex or send 0, or use the message's",
        "remove on chert|{\"messageId\":\"chert:msg_01H\",\"reaction\":\"love\",\"operation\":\"remove\"}|chert|chert v1 cannot remove a reaction: only operation 'add' can be sent to it; nothing was sent"
      })
  void whatAProviderApiCannotDoIsRefusedWithoutCallingIt(
      String name, String body, String provider, String detail) {
    assertProblem(react(body), 422, "unsupported_operation")
        .body("provider", equalTo(provider))
        .body("retryable", equalTo(false))
        .body("detail", containsString(detail));
    assertEquals(0, chert.getAllServeEvents().size() + linq.getAllServeEvents().size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a string|\"1\"",
        "a fraction|1.5",
        "negative|-1",
        "over 100|101",
        "beyond an int|2147483648",
        "a boolean|true",
        "an object|{}"
      })
  void aPartIndexThatIsNotAnIntegerFrom0To100IsInvalidRequest(String name, String partIndex) {
    assertProblem(
            react(
                "{\"messageId\":\"linq:"
                    + UUID_ID
                    + "\",\"reaction\":\"love\",\"partIndex\":"
                    + partIndex
                    + "}"),
            400,
            "invalid_request")
        .body("detail", containsString("partIndex must be an integer from 0 to 100"));
    assertEquals(0, linq.getAllServeEvents().size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "two emoji|🎉🎉",
        "emoji plus text|🎉 yay",
        "a lone surrogate|\\ud83c",
        "a word|wink"
      })
  void anythingButOneEmojiOrATapbackIsInvalidReaction(String name, String reaction) {
    assertProblem(
            react("{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"" + reaction + "\"}"),
            400,
            "invalid_reaction")
        .body("detail", containsString("or any single emoji"));
    assertEquals(0, linq.getAllServeEvents().size());
  }

  @Test
  void theIdempotencyFingerprintCoversTheEmojiAndThePart() {
    accept();
    String key = UUID.randomUUID().toString();
    String first = "{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"🎉\",\"partIndex\":1}";

    keyed(key, first).statusCode(200);
    keyed(key, first).statusCode(200).header("Idempotent-Replayed", "true");
    assertProblem(
        keyed(key, "{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"🎊\",\"partIndex\":1}"),
        422,
        "idempotency_key_reused");
    assertProblem(
        keyed(key, "{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"🎉\",\"partIndex\":2}"),
        422,
        "idempotency_key_reused");
    assertProblem(
        keyed(key, "{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"🎉\"}"),
        422,
        "idempotency_key_reused");
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void requestsAreCountedByApiVersion() {
    accept();
    String tags = "api=\"v3\",caller=\"anonymous\",code=\"ok\",operation=\"add\",provider=\"linq\"";
    double before = requestsTotal(tags);

    react("{\"messageId\":\"linq:" + UUID_ID + "\",\"reaction\":\"🎉\"}").statusCode(200);

    assertEquals(1, requestsTotal(tags) - before);
  }

  private static double requestsTotal(String tags) {
    String exposition = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher line =
        Pattern.compile(
                "(?m)^" + Pattern.quote("gateway_requests_total{" + tags) + "[^}]*} (\\S+)$")
            .matcher(exposition);
    return line.find() ? Double.parseDouble(line.group(1)) : 0;
  }

  private static ValidatableResponse keyed(String key, String body) {
    return given()
        .contentType("application/json")
        .header("Idempotency-Key", key)
        .body(body)
        .post("/v1/reactions")
        .then();
  }
}
