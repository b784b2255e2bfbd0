package dev.reactiongateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.Gateway.react;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.reactiongateway.support.PackagedCredentials;
import dev.reactiongateway.support.ProviderDoubles;
import dev.reactiongateway.support.Signatures;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The main scenarios against the packaged application (the jar, or the native executable with
 * {@code -Dnative}) in the prod profile, with WireMock doubles of both providers.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedCredentials.class)
@WithTestResource(ProviderDoubles.class)
class ReactionsIT {

  static final String CHERT_PATH = "/api/v1/messages/msg_01H/react";
  static final String LINQ_PATH = "/api/partner/v2/chat_messages/224/reactions";
  static final String LINQ_CREATED =
      "{\"data\":{\"id\":456,\"chat_message_id\":224,\"reaction\":\"love\",\"is_from_me\":true,"
          + "\"sent_at\":\"2025-05-21T15:30:00.000-05:00\"}}";
  static final String LINQ_LOVE =
      "{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"love\"}";

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

  @BeforeEach
  void reset() {
    chert.resetAll();
    linq.resetAll();
  }

  @Test
  void chertAddIsSignedOverTheBytesChertReceived() throws Exception {
    chert.stubFor(
        post(CHERT_PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"sent\",\"message_id\":\"msg_01H\",\"reaction\":\"love\"}")));

    react("{\"messageId\":\"chert:msg_01H\",\"reaction\":\"❤️\"}")
        .statusCode(200)
        .body("provider", equalTo("chert"))
        .body("messageId", equalTo("msg_01H"))
        .body("reaction", equalTo("love"))
        .body("status", equalTo("sent"));

    List<LoggedRequest> received = chert.findAll(postRequestedFor(urlEqualTo(CHERT_PATH)));
    assertEquals(1, received.size());
    LoggedRequest request = received.get(0);
    assertEquals("{\"reaction\":\"love\"}", request.getBodyAsString());
    assertEquals(PackagedCredentials.CHERT_TENANT, request.getHeader("x-chert-tenant"));
    Signatures.assertValidChertSignature(
        request.getHeader("x-chert-signature"),
        PackagedCredentials.CHERT_SIGNING_SECRET,
        request.getBody());
  }

  @Test
  void linqAddSendsTheTokenAndMapsTheCreatedReaction() {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(LINQ_CREATED)));

    react(LINQ_LOVE)
        .statusCode(200)
        .body("provider", equalTo("linq"))
        .body("messageId", equalTo("224"))
        .body("status", equalTo("sent"))
        .body("providerReactionId", equalTo("456"))
        .body("sentAt", equalTo("2025-05-21T15:30:00.000-05:00"));

    LoggedRequest request = linq.findAll(postRequestedFor(urlEqualTo(LINQ_PATH))).get(0);
    assertEquals("{\"type\":\"love\",\"operation\":\"add\"}", request.getBodyAsString());
    assertEquals(PackagedCredentials.LINQ_TOKEN, request.getHeader("X-LINQ-INTEGRATION-TOKEN"));
  }

  @Test
  void anUnknownReactionIsA400ThatCallsNoProvider() {
    assertProblem(
            react("{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"wink\"}"),
            400,
            "invalid_reaction")
        .body("retryable", equalTo(false));
    assertEquals(0, chert.getAllServeEvents().size() + linq.getAllServeEvents().size());
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
        .body("provider", equalTo("linq"))
        .body("providerStatus", equalTo(500))
        .body("providerCode", equalTo("internal"))
        .body("providerTraceId", equalTo("trace-500"))
        .body("retryable", equalTo(false));
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void removeOnChertIsUnsupportedAndNothingIsSent() {
    assertProblem(
        react(
            "{\"provider\":\"chert\",\"messageId\":\"msg_01H\",\"reaction\":\"love\","
                + "\"operation\":\"remove\"}"),
        422,
        "unsupported_operation");
    assertEquals(0, chert.getAllServeEvents().size());
  }

  @Test
  void theSameIdempotencyKeyReplaysTheFirstAnswerWithoutASecondCall() {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));
    String key = UUID.randomUUID().toString();

    String first =
        given()
            .contentType("application/json")
            .header("Idempotency-Key", key)
            .body(LINQ_LOVE)
            .post("/v1/reactions")
            .then()
            .statusCode(200)
            .header("Idempotent-Replayed", nullValue())
            .extract()
            .asString();
    String replay =
        given()
            .contentType("application/json")
            .header("Idempotency-Key", key)
            .body(LINQ_LOVE)
            .post("/v1/reactions")
            .then()
            .statusCode(200)
            .header("Idempotent-Replayed", "true")
            .extract()
            .asString();

    assertEquals(first, replay);
    linq.verify(1, anyRequestedFor(anyUrl()));
  }
}
