package dev.reactiongateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.Gateway.react;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.reactiongateway.support.ProviderDoubles;
import dev.reactiongateway.support.Signatures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The endpoint end to end against WireMock doubles of both providers. {@link ReactionsIT} runs the
 * same scenarios against the packaged application.
 */
@QuarkusTest
@WithTestResource(ProviderDoubles.class)
class ReactionEndpointTest {

  static final String CHERT_PATH = "/api/v1/messages/msg_01H/react";
  static final String LINQ_PATH = "/api/partner/v2/chat_messages/224/reactions";
  static final String LINQ_CREATED =
      "{\"data\":{\"id\":456,\"chat_message_id\":224,\"reaction\":\"love\",\"is_from_me\":false,"
          + "\"from_phone\":\"+15551234567\",\"sent_at\":\"2025-05-21T15:30:00.000-05:00\","
          + "\"created_at\":\"2025-05-21T15:30:00.000-05:00\","
          + "\"updated_at\":\"2025-05-21T15:30:00.000-05:00\"}}";
  static final String LINQ_LOVE =
      "{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"love\"}";

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

  @TestHTTPResource("/v1/reactions")
  URI reactions;

  @BeforeEach
  void reset() {
    chert.resetAll();
    linq.resetAll();
    CircuitBreakerMaintenance.get().resetAll();
  }

  String chertTenant() {
    return "test-tenant";
  }

  String chertSigningSecret() {
    return "test-chert-signing-secret";
  }

  String linqToken() {
    return "test-linq-token";
  }

  @Test
  void chertAddSendsTheDocumentedRequestSignedOverTheBytesSent() throws Exception {
    chert.stubFor(
        post(CHERT_PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"sent\",\"message_id\":\"msg_01H\",\"reaction\":\"love\"}")));

    given()
        .contentType("application/json")
        .header("X-Request-Id", "req-chert-1")
        .body("{\"provider\":\"CHERT\",\"messageId\":\"msg_01H\",\"reaction\":\"❤️\"}")
        .post("/v1/reactions")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .header("X-Request-Id", "req-chert-1")
        .body("provider", Matchers.equalTo("chert"))
        .body("messageId", Matchers.equalTo("msg_01H"))
        .body("reaction", Matchers.equalTo("love"))
        .body("operation", Matchers.equalTo("add"))
        .body("status", Matchers.equalTo("sent"))
        .body("requestId", Matchers.equalTo("req-chert-1"))
        .body("providerReactionId", nullValue())
        .body("sentAt", nullValue());

    List<LoggedRequest> requests = chert.findAll(postRequestedFor(urlEqualTo(CHERT_PATH)));
    assertEquals(1, requests.size());
    LoggedRequest sent = requests.get(0);
    assertArrayEquals("{\"reaction\":\"love\"}".getBytes(StandardCharsets.UTF_8), sent.getBody());
    assertEquals(chertTenant(), sent.getHeader("x-chert-tenant"));
    assertEquals("req-chert-1", sent.getHeader("X-Request-Id"));
    assertEquals("application/json", sent.getHeader("Content-Type"));
    chert.verify(postRequestedFor(urlEqualTo(CHERT_PATH)).withHeader("Authorization", absent()));
    Signatures.assertValidChertSignature(
        sent.getHeader("x-chert-signature"), chertSigningSecret(), sent.getBody());
    assertEquals(0, linq.getAllServeEvents().size());
  }

  @Test
  void linqAddSendsTheDocumentedRequestAndMapsTheCreatedReaction() {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(LINQ_CREATED)));

    given()
        .contentType("application/json")
        .header("X-Request-Id", "req-linq-1")
        .body("{\"messageId\":\"linq:224\",\"type\":\"Love\"}")
        .post("/v1/reactions")
        .then()
        .statusCode(200)
        .body("provider", Matchers.equalTo("linq"))
        .body("messageId", Matchers.equalTo("224"))
        .body("reaction", Matchers.equalTo("love"))
        .body("status", Matchers.equalTo("sent"))
        .body("providerReactionId", Matchers.equalTo("456"))
        .body("sentAt", Matchers.equalTo("2025-05-21T15:30:00.000-05:00"))
        .body("requestId", Matchers.equalTo("req-linq-1"));

    List<LoggedRequest> requests = linq.findAll(postRequestedFor(urlEqualTo(LINQ_PATH)));
    assertEquals(1, requests.size());
    LoggedRequest sent = requests.get(0);
    assertEquals("{\"type\":\"love\",\"operation\":\"add\"}", sent.getBodyAsString());
    assertEquals(linqToken(), sent.getHeader("X-LINQ-INTEGRATION-TOKEN"));
    assertEquals("req-linq-1", sent.getHeader("X-Request-Id"));
    assertEquals(0, chert.getAllServeEvents().size());
  }

  @Test
  void linqRemoveWithAnIntegerIdSendsRemove() {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));

    react("{\"provider\":\"linq\",\"messageId\":224,\"reaction\":\"👍\",\"operation\":\"REMOVE\"}")
        .statusCode(200)
        .body("operation", Matchers.equalTo("remove"))
        .body("status", Matchers.equalTo("removed"))
        .body("reaction", Matchers.equalTo("like"));

    linq.verify(
        1,
        postRequestedFor(urlEqualTo(LINQ_PATH))
            .withRequestBody(equalTo("{\"type\":\"like\",\"operation\":\"remove\"}")));
  }

  @Test
  void removeOnChertIsRejectedWithoutCallingChert() {
    assertProblem(
            react(
                "{\"provider\":\"chert\",\"messageId\":\"msg_01H\",\"reaction\":\"love\","
                    + "\"operation\":\"remove\"}"),
            422,
            "unsupported_operation")
        .body("provider", Matchers.equalTo("chert"));
    assertEquals(0, chert.getAllServeEvents().size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad linq id|{\"provider\":\"linq\",\"messageId\":\"abc\",\"reaction\":\"love\"}|invalid_message_id|linq",
        "bad chert id|{\"messageId\":\"chert:../x\",\"reaction\":\"love\"}|invalid_message_id|chert",
        "integer id for chert|{\"provider\":\"chert\",\"messageId\":224,\"reaction\":\"love\"}|invalid_request|chert",
        "bad reaction|{\"messageId\":\"linq:224\",\"reaction\":\"wink\"}|invalid_reaction|linq",
        "bad operation|{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"love\",\"operation\":\"toggle\"}|invalid_request|linq"
      })
  void aValidationErrorOnceTheProviderIsKnownNamesIt(
      String name, String body, String code, String provider) {
    assertProblem(react(body), 400, code).body("provider", Matchers.equalTo(provider));
    assertEquals(0, chert.getAllServeEvents().size() + linq.getAllServeEvents().size());
  }

  @Test
  void anIntegerMessageIdLongerThanAnyNumberLimitIsAnInvalidMessageId() {
    assertProblem(
            react(
                "{\"provider\":\"linq\",\"messageId\":"
                    + "9".repeat(40)
                    + ",\"reaction\":\"love\"}"),
            400,
            "invalid_message_id")
        .body("provider", Matchers.equalTo("linq"));
    assertEquals(0, linq.getAllServeEvents().size());
  }

  @Test
  void unknownFieldsAreIgnoredWhateverTheyHold() {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));
    String deep = "[".repeat(500) + "]".repeat(500);
    String body =
        "{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"love\","
            + "\"deep\":"
            + deep
            + ",\"long\":"
            + "1".repeat(200)
            + ",\"dup\":{\"a\":1,\"a\":2},\"dup\":[1.5e999]}";

    react(body).statusCode(200).body("messageId", Matchers.equalTo("224"));
    linq.verify(1, postRequestedFor(urlEqualTo(LINQ_PATH)));
  }

  @Test
  void aBodyWithoutContentTypeIsUnsupportedMediaType() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(reactions)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"messageId\":\"linq:224\",\"reaction\":\"love\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(415, answer.statusCode(), answer.body());
    assertEquals(
        true, answer.body().contains("\"code\":\"unsupported_media_type\""), answer.body());
    assertEquals(0, linq.getAllServeEvents().size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON|{bad|invalid_json",
        "a JSON array|[]|invalid_json",
        "a JSON string|\"love\"|invalid_json",
        "trailing garbage|{\"provider\":\"linq\"} x|invalid_json",
        "duplicate keys|{\"provider\":\"linq\",\"provider\":\"chert\",\"messageId\":\"1\",\"reaction\":\"love\"}|invalid_json",
        "no messageId|{\"provider\":\"linq\",\"reaction\":\"love\"}|invalid_request",
        "no provider|{\"messageId\":\"224\",\"reaction\":\"love\"}|invalid_request",
        "no reaction|{\"provider\":\"linq\",\"messageId\":\"224\"}|invalid_request",
        "reaction not a string|{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":1}|invalid_request",
        "provider not a string|{\"provider\":true,\"messageId\":\"224\",\"reaction\":\"love\"}|invalid_request",
        "messageId an object|{\"provider\":\"linq\",\"messageId\":{},\"reaction\":\"love\"}|invalid_request",
        "messageId a fraction|{\"provider\":\"linq\",\"messageId\":2.5,\"reaction\":\"love\"}|invalid_request",
        "integer id for chert|{\"provider\":\"chert\",\"messageId\":224,\"reaction\":\"love\"}|invalid_request",
        "reaction and type disagree|{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"love\",\"type\":\"like\"}|invalid_request",
        "unknown operation|{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"love\",\"operation\":\"toggle\"}|invalid_request",
        "unknown reaction|{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"wink\"}|invalid_reaction",
        "unknown type|{\"provider\":\"linq\",\"messageId\":\"224\",\"type\":\"wink\"}|invalid_reaction",
        "unknown provider|{\"provider\":\"slack\",\"messageId\":\"224\",\"reaction\":\"love\"}|unknown_provider",
        "unknown qualifier|{\"messageId\":\"slack:224\",\"reaction\":\"love\"}|unknown_provider",
        "qualifier disagrees|{\"provider\":\"chert\",\"messageId\":\"linq:224\",\"reaction\":\"love\"}|invalid_message_id",
        "chert path traversal|{\"provider\":\"chert\",\"messageId\":\"../admin\",\"reaction\":\"love\"}|invalid_message_id",
        "chert query|{\"messageId\":\"chert:a?x=1\",\"reaction\":\"love\"}|invalid_message_id",
        "linq not a number|{\"provider\":\"linq\",\"messageId\":\"abc\",\"reaction\":\"love\"}|invalid_message_id",
        "linq zero|{\"provider\":\"linq\",\"messageId\":0,\"reaction\":\"love\"}|invalid_message_id",
        "linq too large|{\"provider\":\"linq\",\"messageId\":9223372036854775808,\"reaction\":\"love\"}|invalid_message_id"
      })
  void invalidInputIsA400ThatCallsNoProvider(String name, String body, String code) {
    assertProblem(react(body), 400, code).body("retryable", Matchers.equalTo(false));
    assertEquals(0, chert.getAllServeEvents().size() + linq.getAllServeEvents().size());
  }

  @Test
  void detailsNameTheRegisteredProvidersAndTheOneTakingIntegerIds() {
    assertProblem(
            react("{\"provider\":\"slack\",\"messageId\":\"224\",\"reaction\":\"love\"}"),
            400,
            "unknown_provider")
        .body("detail", Matchers.equalTo("'slack' is not a provider; use 'chert' or 'linq'"));
    assertProblem(
            react("{\"messageId\":\"slack:224\",\"reaction\":\"love\"}"), 400, "unknown_provider")
        .body(
            "detail",
            Matchers.equalTo("'slack' in messageId is not a provider; use 'chert' or 'linq'"));
    assertProblem(react("{\"messageId\":\"224\",\"reaction\":\"love\"}"), 400, "invalid_request")
        .body(
            "detail",
            Matchers.equalTo(
                "provider is required unless messageId is qualified as chert:<id> or linq:<id>"));
    assertProblem(
            react("{\"provider\":\"linq\",\"messageId\":{},\"reaction\":\"love\"}"),
            400,
            "invalid_request")
        .body("detail", Matchers.equalTo("messageId must be a string (or, for linq, an integer)"));
    assertProblem(
            react("{\"provider\":\"chert\",\"messageId\":224,\"reaction\":\"love\"}"),
            400,
            "invalid_request")
        .body("detail", Matchers.equalTo("chert message ids must be sent as strings"));
  }

  @Test
  void anEmptyBodyIsInvalidJson() {
    assertProblem(
        given().contentType("application/json").post("/v1/reactions").then(), 400, "invalid_json");
  }

  @Test
  void frameworkRejectionsAreProblemsToo() {
    assertProblem(
        given().contentType("application/json").body("{}").post("/v1/nothing-here").then(),
        404,
        "not_found");
    assertProblem(given().get("/v1/reactions").then(), 405, "method_not_allowed");
    assertProblem(
        given().contentType("text/plain").body("love").post("/v1/reactions").then(),
        415,
        "unsupported_media_type");
    assertProblem(
        given()
            .contentType("application/json")
            .body("{\"pad\":\"" + "x".repeat(17 * 1024) + "\"}")
            .post("/v1/reactions")
            .then(),
        413,
        "payload_too_large");
    assertEquals(0, chert.getAllServeEvents().size() + linq.getAllServeEvents().size());
  }

  @Test
  void aSaneRequestIdIsEchoedAndAnInsaneOneReplaced() {
    assertProblem(
            given()
                .contentType("application/json")
                .header("X-Request-Id", "caller-42")
                .body("{}")
                .post("/v1/reactions")
                .then(),
            400,
            "invalid_request")
        .header("X-Request-Id", "caller-42");
    assertProblem(
            given()
                .contentType("application/json")
                .header("X-Request-Id", "x".repeat(129))
                .body("{}")
                .post("/v1/reactions")
                .then(),
            400,
            "invalid_request")
        .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
  }

  @Test
  void aMissingMessageIsA404WithTheProvidersFactsButNotItsMessage() {
    chert.stubFor(
        post(CHERT_PATH)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("X-Trace-ID", "trace-404")
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":404,\"code\":2003,"
                            + "\"message\":\"internal shard db-7 has no row\",\"retryable\":false},"
                            + "\"trace_id\":\"trace-404\"}")));

    assertProblem(
            react("{\"messageId\":\"chert:msg_01H\",\"reaction\":\"love\"}"),
            404,
            "message_not_found")
        .body("provider", Matchers.equalTo("chert"))
        .body("providerStatus", Matchers.equalTo(404))
        .body("providerCode", Matchers.equalTo("2003"))
        .body("providerTraceId", Matchers.equalTo("trace-404"))
        .body(not(Matchers.containsString("shard")));
    chert.verify(1, anyRequestedFor(anyUrl()));
  }

  @ParameterizedTest
  @CsvSource({"400", "401", "403", "422"})
  void aProviderRefusingTheGatewaysRequestIsProviderRejected(int status) {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":"
                            + status
                            + ",\"code\":\"bad_token\",\"message\":\"token tok_live_123 revoked\"},"
                            + "\"trace_id\":\"t-"
                            + status
                            + "\"}")));

    String body =
        assertProblem(
                react("{\"messageId\":\"linq:224\",\"reaction\":\"love\"}"),
                502,
                "provider_rejected")
            .body("retryable", Matchers.equalTo(false))
            .body("providerStatus", Matchers.equalTo(status))
            .body("providerCode", Matchers.equalTo("bad_token"))
            .body("providerTraceId", Matchers.equalTo("t-" + status))
            .extract()
            .asString();
    assertEquals(false, body.contains("tok_live_123"), body);
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void aProviderErrorOnAddIsA502AfterExactlyOneCall() {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Trace-ID", "trace-500")
                    .withBody(
                        "{\"success\":false,\"error\":{\"status\":500,\"code\":\"internal\","
                            + "\"message\":\"internal detail\",\"retryable\":false},"
                            + "\"trace_id\":\"trace-500\"}")));

    assertProblem(react(LINQ_LOVE), 502, "provider_error")
        .body("provider", Matchers.equalTo("linq"))
        .body("providerStatus", Matchers.equalTo(500))
        .body("providerCode", Matchers.equalTo("internal"))
        .body("providerTraceId", Matchers.equalTo("trace-500"))
        .body("retryable", Matchers.equalTo(false));
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void theSameIdempotencyKeyReplaysTheFirstAnswerWithoutASecondCall() {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));
    String key = UUID.randomUUID().toString();

    String first =
        reactWithKey(key)
            .statusCode(200)
            .header("Idempotent-Replayed", nullValue())
            .extract()
            .asString();
    String replay =
        reactWithKey(key)
            .statusCode(200)
            .header("Idempotent-Replayed", "true")
            .extract()
            .asString();

    assertEquals(first, replay);
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  private static ValidatableResponse reactWithKey(String key) {
    return given()
        .contentType("application/json")
        .header("Idempotency-Key", key)
        .body(LINQ_LOVE)
        .post("/v1/reactions")
        .then();
  }
}
