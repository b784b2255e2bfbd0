package dev.reactiongateway.idempotency;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.IdempotencyRace;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} end to end on the in-memory store, counting upstream calls. */
@QuarkusTest
@WithTestResource(ProviderDoubles.class)
class IdempotencyTest {

  static final String LINQ_PATH = "/api/partner/v2/chat_messages/224/reactions";
  static final String LINQ_CREATED =
      "{\"data\":{\"id\":456,\"chat_message_id\":224,\"reaction\":\"love\","
          + "\"sent_at\":\"2025-05-21T15:30:00.000-05:00\"}}";
  static final String LOVE = "{\"messageId\":\"linq:224\",\"reaction\":\"love\"}";

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

  private String key;

  @BeforeEach
  void reset() {
    chert.resetAll();
    linq.resetAll();
    CircuitBreakerMaintenance.get().resetAll();
    key = UUID.randomUUID().toString();
  }

  static ValidatableResponse react(String key, String body) {
    return given()
        .contentType("application/json")
        .header("Idempotency-Key", key)
        .body(body)
        .post("/v1/reactions")
        .then();
  }

  @Test
  void theSameKeyAndRequestReplaysTheFirstAnswerWithoutCallingTheProvider() {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));

    String first =
        react(key, LOVE)
            .statusCode(200)
            .header("Idempotent-Replayed", nullValue())
            .extract()
            .asString();
    String replay =
        react(key, LOVE).statusCode(200).header("Idempotent-Replayed", "true").extract().asString();

    assertEquals(first, replay);
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void aliasEquivalentBodiesAreTheSameRequest() {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));

    react(key, LOVE).statusCode(200);
    react(key, "{\"provider\":\"LINQ\",\"messageId\":224,\"type\":\"❤️\",\"operation\":\"add\"}")
        .statusCode(200)
        .header("Idempotent-Replayed", "true");
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void theSameKeyWithAnotherRequestIsRefused() {
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));

    react(key, LOVE).statusCode(200);
    assertProblem(
            react(key, "{\"messageId\":\"linq:224\",\"reaction\":\"like\"}"),
            422,
            "idempotency_key_reused")
        .body("retryable", equalTo(false));
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void theSameKeyWhileTheFirstIsInFlightIsAConflict() throws Exception {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED).withFixedDelay(1_000)));

    var first =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> react(key, LOVE).extract());
    Thread.sleep(300);
    assertProblem(react(key, LOVE), 409, "idempotency_key_in_flight")
        .body("retryable", equalTo(true))
        .header("Retry-After", "1");
    assertEquals(200, first.get().statusCode());
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void anAmbiguousFailureIsStoredAndReplayedVerbatim() {
    chert.stubFor(post("/api/v1/messages/m1/react").willReturn(aResponse().withStatus(500)));
    String body = "{\"messageId\":\"chert:m1\",\"reaction\":\"love\"}";

    String first =
        assertProblem(react(key, body), 502, "provider_error")
            .header("Idempotent-Replayed", nullValue())
            .extract()
            .asString();
    String replay =
        react(key, body)
            .statusCode(502)
            .contentType(startsWith("application/problem+json"))
            .header("Idempotent-Replayed", "true")
            .extract()
            .asString();

    assertEquals(first, replay, "the stored body, including the first request's requestId");
    chert.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void aFailureThatCertainlyDidNotActReleasesTheKey() {
    String body = "{\"messageId\":\"chert:m1\",\"reaction\":\"love\",\"operation\":\"remove\"}";
    assertProblem(react(key, body), 422, "unsupported_operation");
    assertProblem(react(key, body), 422, "unsupported_operation")
        .header("Idempotent-Replayed", nullValue());

    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));
    react(key, LOVE).statusCode(200).header("Idempotent-Replayed", nullValue());
  }

  @Test
  void aMalformedKeyIsA400ThatCallsNoProvider() {
    assertProblem(react("two words", LOVE), 400, "invalid_request");
    assertProblem(react("k".repeat(256), LOVE), 400, "invalid_request");
    assertProblem(react("tab\tinside", LOVE), 400, "invalid_request");
    assertEquals(0, linq.getAllServeEvents().size());
  }

  @Test
  void twoIdempotencyKeyHeadersAreA400ThatCallsNoProvider() {
    assertProblem(
            given()
                .contentType("application/json")
                .header("Idempotency-Key", key)
                .header("Idempotency-Key", key + "-other")
                .body(LOVE)
                .post("/v1/reactions")
                .then(),
            400,
            "invalid_request")
        .body("detail", containsString("one Idempotency-Key"));
    assertEquals(0, linq.getAllServeEvents().size());
  }

  @Test
  void aKeyedRemoveFailingWith500sIsNotReplayedAndSucceedsOnceTheProviderRecovers() {
    String remove = "{\"messageId\":\"linq:224\",\"reaction\":\"love\",\"operation\":\"remove\"}";
    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(500)));
    assertProblem(react(key, remove), 502, "provider_error").body("retryable", equalTo(true));
    int failedAttempts = linq.getAllServeEvents().size();

    linq.stubFor(post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED)));
    react(key, remove)
        .statusCode(200)
        .header("Idempotent-Replayed", nullValue())
        .body("status", equalTo("removed"));
    react(key, remove).statusCode(200).header("Idempotent-Replayed", "true");
    linq.verify(failedAttempts + 1, anyRequestedFor(anyUrl()));
  }

  @Test
  void fiftyConcurrentRequestsWithOneKeyCallTheProviderOnce() throws Exception {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(aResponse().withStatus(201).withBody(LINQ_CREATED).withFixedDelay(200)));

    IdempotencyRace.run(50, key, LOVE).assertOneWinner();
    linq.verify(1, anyRequestedFor(anyUrl()));
  }
}
