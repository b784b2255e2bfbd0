package dev.reactiongateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.reactiongateway.support.PackagedCredentials;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/messages/{messageId}/reactions} end to end against WireMock doubles: Linq v3's
 * read mapped to the canonical form, its failures, the refusals of APIs that cannot read, and reads
 * kept from starving sends.
 */
@QuarkusTest
@TestProfile(MessageReactionsTest.SmallLinq.class)
@WithTestResource(ProviderDoubles.class)
class MessageReactionsTest {

  static final String ID = "550e8400-e29b-41d4-a716-446655440001";
  static final String READ_PATH = "/api/partner/v3/messages/" + ID;
  static final String READ = "/v1/messages/linq:" + ID + "/reactions";
  static final String SEND_PATH = "/api/partner/v3/messages/" + ID + "/reactions";
  static final String SEND = "{\"messageId\":\"linq:" + ID + "\",\"reaction\":\"love\"}";
  static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"");

  /**
   * The packaged application's credentials (so the {@code *IT} runs the same), Linq shrunk: four
   * send permits and two read permits, each with a line of four; a 1 s read timeout, a 5 s
   * deadline, two retries with short backoff; breakers that no scenario here opens, and the
   * caller's rate limit out of the way.
   */
  public static class SmallLinq implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(new PackagedCredentials().getConfigOverrides());
      config.put("gateway.linq.read-timeout", "1s");
      config.put("gateway.linq.deadline", "5s");
      config.put("gateway.linq.retry.max-retries", "2");
      config.put("gateway.linq.retry.initial-backoff", "20ms");
      config.put("gateway.linq.retry.max-backoff", "100ms");
      config.put("gateway.linq.breaker.request-volume-threshold", "1000");
      config.put("gateway.linq.bulkhead.max-concurrent", "4");
      config.put("gateway.linq.bulkhead.read-max-concurrent", "2");
      config.put("gateway.linq.bulkhead.queue-size", "4");
      config.put("gateway.rate-limit.requests", "100000");
      return config;
    }
  }

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

  @TestHTTPResource("/")
  URI gateway;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeEach
  void reset() {
    chert.resetAll();
    linq.resetAll();
    CircuitBreakerMaintenance.get().resetAll();
  }

  private void linqReadAnswers(int status, String body) {
    linq.stubFor(
        get(READ_PATH)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Trace-ID", "lt-read")
                    .withBody(body)));
  }

  private static ValidatableResponse read(String path) {
    return given().header("X-Request-Id", "req-read").get(path).then();
  }

  private void assertNothingSent() {
    assertEquals(0, linq.getAllServeEvents().size(), "requests to linq");
    assertEquals(0, chert.getAllServeEvents().size(), "requests to chert");
  }

  @Test
  void linqV3ReactionsMapToTheCanonicalFormPartByPart() {
    linqReadAnswers(
        200,
        """
        {"id":"550e8400-e29b-41d4-a716-446655440001","chat_id":"c-1","is_from_me":true,
         "parts":[
          {"type":"text","value":"hi","reactions":[
            {"type":"love","custom_emoji":null,"sticker":null,"is_me":false,
             "handle":{"id":"h-1","handle":"+14155559876","service":"iMessage",
                       "joined_at":"2025-11-23T17:30:00.000Z","is_me":false},
             "id":"r-1"},
            {"type":"custom","custom_emoji":"🔥","is_me":true,
             "handle":{"handle":"+12052535597","service":"SMS"}}]},
          {"type":"media","url":"https://example.invalid/a.png","reactions":[]},
          {"type":"text","value":"bye","reactions":[
            {"type":"sticker","custom_emoji":null,"is_me":false,
             "sticker":{"file_name":"s.png","mime_type":"image/png","width":320,"height":240,
                        "url":"https://example.invalid/s.png"},
             "handle":{"handle":"someone@example.com","service":"iMessage"},"id":"r-3"}]},
          {"type":"text","value":"odd","reactions":[
            {"type":"like","is_me":false},
            {"type":"sticker","is_me":false,"sticker":null,"handle":{"handle":"+14155550000"}}]},
          {"type":"text","value":"none"}]}
        """);

    read("/v1/messages/linq:" + ID.toUpperCase() + "/reactions")
        .statusCode(200)
        .contentType(containsString("application/json"))
        .body("provider", equalTo("linq"))
        .body("api", equalTo("v3"))
        .body("messageId", equalTo(ID))
        .body("requestId", equalTo("req-read"))
        .body("parts.partIndex", equalTo(List.of(0, 1, 2, 3, 4)))
        // a tapback from someone else, with the provider's reaction id
        .body("parts[0].reactions[0].reaction", equalTo("love"))
        .body("parts[0].reactions[0].isFromMe", equalTo(false))
        .body("parts[0].reactions[0].from", equalTo(handle("+14155559876", "iMessage")))
        .body("parts[0].reactions[0].providerReactionId", equalTo("r-1"))
        .body("parts[0].reactions[0]", hasKey("sticker"))
        .body("parts[0].reactions[0].sticker", nullValue())
        // a custom emoji of our own, no id given
        .body("parts[0].reactions[1].reaction", equalTo("🔥"))
        .body("parts[0].reactions[1].isFromMe", equalTo(true))
        .body("parts[0].reactions[1].from.service", equalTo("SMS"))
        .body("parts[0].reactions[1]", hasKey("providerReactionId"))
        .body("parts[0].reactions[1].providerReactionId", nullValue())
        // a part with none
        .body("parts[1].reactions", equalTo(List.of()))
        // a sticker, described
        .body("parts[2].reactions[0].reaction", equalTo("sticker"))
        .body(
            "parts[2].reactions[0].sticker",
            equalTo(
                Map.of(
                    "fileName", "s.png",
                    "mimeType", "image/png",
                    "width", 320,
                    "height", 240,
                    "url", "https://example.invalid/s.png")))
        .body("parts[2].reactions[0].from.handle", equalTo("someone@example.com"))
        // optional fields missing: null, never invented
        .body("parts[3].reactions[0].reaction", equalTo("like"))
        .body("parts[3].reactions[0]", hasKey("from"))
        .body("parts[3].reactions[0].from", nullValue())
        .body("parts[3].reactions[1].reaction", equalTo("sticker"))
        .body("parts[3].reactions[1].sticker", nullValue())
        .body("parts[3].reactions[1].from", equalTo(handle("+14155550000", null)))
        // a part without its reactions array has none
        .body("parts[4].reactions", equalTo(List.of()));

    List<LoggedRequest> requests = linq.findAll(anyRequestedFor(anyUrl()));
    assertEquals(1, requests.size(), "requests to linq");
    LoggedRequest sent = requests.get(0);
    assertEquals("GET", sent.getMethod().getName());
    assertEquals(READ_PATH, sent.getUrl());
    assertEquals("Bearer " + PackagedCredentials.LINQ_API_KEY, sent.getHeader("Authorization"));
    assertEquals("req-read", sent.getHeader("X-Request-Id"));
    assertEquals(0, chert.getAllServeEvents().size());
  }

  private static Map<String, String> handle(String handle, String service) {
    Map<String, String> from = new HashMap<>();
    from.put("handle", handle);
    from.put("service", service);
    return from;
  }

  @Test
  void aMessageWithoutPartsHasNoneAndAProviderQueryParameterWorksLikeAQualifier() {
    linqReadAnswers(200, "{\"id\":\"" + ID + "\",\"parts\":null}");

    read("/v1/messages/" + ID + "/reactions?provider=LINQ")
        .statusCode(200)
        .body("messageId", equalTo(ID))
        .body("parts", equalTo(List.of()));
    read(READ + "?provider=linq").statusCode(200);
  }

  @Test
  void aMessageLinqDoesNotHaveIsMessageNotFoundAndNotRetried() {
    linqReadAnswers(
        404,
        "{\"success\":false,\"error\":{\"status\":404,\"code\":2002,\"message\":\"Message not"
            + " found\"},\"trace_id\":\"lt-404\"}");

    assertProblem(read(READ), 404, "message_not_found")
        .body("provider", equalTo("linq"))
        .body("providerCode", equalTo("2002"))
        .body("retryable", equalTo(false));
    linq.verify(1, getRequestedFor(urlEqualTo(READ_PATH)));
  }

  @Test
  void fiveHundredsAreRetriedThenA502() {
    linqReadAnswers(500, "{\"success\":false}");

    assertProblem(read(READ), 502, "provider_error").body("provider", equalTo("linq"));
    linq.verify(3, getRequestedFor(urlEqualTo(READ_PATH)));
  }

  @Test
  void aReadTimeoutIsRetriedThenProviderTimeout() {
    linq.stubFor(
        get(READ_PATH)
            .willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(1_500)));

    assertProblem(read(READ), 502, "provider_timeout").body("provider", equalTo("linq"));
    linq.verify(3, getRequestedFor(urlEqualTo(READ_PATH)));
  }

  @Test
  void aReadThatFailsOnceSucceedsOnItsRetry() {
    linq.stubFor(
        get(READ_PATH)
            .inScenario("flaky")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(502))
            .willSetStateTo("recovered"));
    linq.stubFor(
        get(READ_PATH)
            .inScenario("flaky")
            .whenScenarioStateIs("recovered")
            .willReturn(aResponse().withStatus(200).withBody("{\"parts\":[{\"reactions\":[]}]}")));

    read(READ).statusCode(200).body("parts[0].reactions", equalTo(List.of()));
    linq.verify(2, getRequestedFor(urlEqualTo(READ_PATH)));
  }

  @Test
  void aReactionTheCanonicalFormCannotCarryIsAnUnreadableAnswer() {
    linqReadAnswers(200, "{\"parts\":[{\"reactions\":[{\"type\":\"custom\",\"is_me\":false}]}]}");

    assertProblem(read(READ), 502, "provider_error");
  }

  @Test
  void chertCannotReadAndNothingIsSent() {
    assertProblem(read("/v1/messages/chert:msg_01H/reactions"), 422, "unsupported_operation")
        .body("provider", equalTo("chert"))
        .body("retryable", equalTo(false))
        .body(
            "detail",
            equalTo(
                "chert v1 cannot read a message's reactions: only sending reactions is possible"
                    + " for its messages; nothing was sent"));
    assertNothingSent();
  }

  @Test
  void linqV2CannotReadAndIsToldThatTheV3IdCanNothingSent() {
    assertProblem(read("/v1/messages/224/reactions?provider=linq"), 422, "unsupported_operation")
        .body("provider", equalTo("linq"))
        .body(
            "detail",
            equalTo(
                "linq v2 cannot read a message's reactions: only sending reactions is possible"
                    + " for its messages, or use the message's Linq v3 id (a UUID), which can;"
                    + " nothing was sent"));
    assertNothingSent();
  }

  @Test
  void anIdWithNeitherQualifierNorProviderIsTheRequestsOwn400() {
    assertProblem(read("/v1/messages/" + ID + "/reactions"), 400, "invalid_request")
        .body(
            "detail",
            equalTo(
                "provider is required unless messageId is qualified as chert:<id> or linq:<id>"));
    assertNothingSent();
  }

  @Test
  void aQualifierThatDisagreesWithTheProviderParameterIsAnInvalidMessageId() {
    assertProblem(read(READ + "?provider=chert"), 400, "invalid_message_id")
        .body("detail", containsString("qualified as linq but provider is chert"));
    assertProblem(read("/v1/messages/linq:not-an-id/reactions"), 400, "invalid_message_id");
    assertProblem(read(READ + "?provider=nope"), 400, "unknown_provider");
    assertNothingSent();
  }

  @Test
  void readIsNotAnOperationOfPostReactions() {
    assertProblem(
            dev.reactiongateway.support.Gateway.react(
                "{\"messageId\":\"linq:" + ID + "\",\"reaction\":\"love\",\"operation\":\"read\"}"),
            400,
            "invalid_request")
        .body("detail", containsString("operation must be 'add' or 'remove'"));
    assertNothingSent();
  }

  @Test
  void readsAreCountedWithOperationRead() {
    linqReadAnswers(200, "{\"parts\":[]}");
    read(READ).statusCode(200);
    read("/v1/messages/chert:msg_01H/reactions").statusCode(422);

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(
        metrics
            .lines()
            .anyMatch(
                line ->
                    line.startsWith("gateway_requests_total{")
                        && line.contains("operation=\"read\"")
                        && line.contains("provider=\"linq\"")
                        && line.contains("api=\"v3\"")
                        && line.contains("code=\"ok\"")),
        "a linq v3 read counted as ok");
    assertTrue(
        metrics
            .lines()
            .anyMatch(
                line ->
                    line.startsWith("gateway_requests_total{")
                        && line.contains("operation=\"read\"")
                        && line.contains("provider=\"chert\"")
                        && line.contains("code=\"unsupported_operation\"")),
        "a chert read counted as refused");
  }

  @Test
  void aBurstOfReadsIsRefusedOnItsOwnPermitsWhileSendsStillGetTheirs() throws Exception {
    linq.stubFor(
        get(READ_PATH)
            .willReturn(
                aResponse().withStatus(200).withBody("{\"parts\":[]}").withFixedDelay(600)));
    linq.stubFor(
        post(SEND_PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"message\":\"ok\",\"status\":\"accepted\",\"trace_id\":\"t\"}")
                    .withFixedDelay(20)));

    // Two reads hold the two read permits, four wait; the other fourteen are refused at once.
    List<CompletableFuture<Answer>> reads = calls("GET", READ, null, 20);
    long giveUp = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (linq.findAll(getRequestedFor(urlEqualTo(READ_PATH))).size() < 2
        && System.nanoTime() < giveUp) {
      Thread.sleep(10);
    }
    // While the reads' permits are all taken, sends go through on their own, without waiting.
    List<Answer> sends = answers(calls("POST", "/v1/reactions", SEND, 4));
    List<Answer> readAnswers = answers(reads);

    // Had reads taken send permits, the reads holding and waiting would fill all of them and
    // their line, and these sends would be refused as provider_busy.
    for (Answer send : sends) {
      assertEquals(200, send.status, send.toString());
    }
    List<Date> readsArrived = arrivals(getRequestedFor(urlEqualTo(READ_PATH)));
    List<Date> sendsArrived = arrivals(postRequestedFor(urlEqualTo(SEND_PATH)));
    assertEquals(4, sendsArrived.size(), "sends at the provider");
    assertTrue(
        Collections.max(sendsArrived).before(Collections.max(readsArrived)),
        "the sends reached the provider while reads were still in line: sends "
            + sendsArrived
            + ", reads "
            + readsArrived);
    // Six are served when all twenty arrive in the first round (two permits, a line of four), a few
    // more if some arrive later; the rest are refused as a burst of sends is, and never sent.
    long served = readAnswers.stream().filter(a -> a.status == 200).count();
    List<Answer> refused = readAnswers.stream().filter(a -> a.status != 200).toList();
    assertTrue(served >= 6 && refused.size() >= 1, readAnswers.toString());
    for (Answer answer : refused) {
      assertEquals("provider_busy", answer.code, answer.toString());
      assertTrue(answer.retryAfter >= 1, answer.toString());
    }
    // Refused reads were never sent (a read retried after a slow answer is sent again with the
    // same request id).
    Set<String> sent =
        linq.findAll(getRequestedFor(urlEqualTo(READ_PATH))).stream()
            .map(request -> request.getHeader("X-Request-Id"))
            .collect(Collectors.toSet());
    assertEquals(served, sent.size(), "reads at the provider");
    for (Answer answer : refused) {
      assertFalse(sent.contains(answer.requestId), "a refused read was sent: " + answer);
    }
  }

  /** When the provider received each request the pattern matches. */
  private List<Date> arrivals(RequestPatternBuilder pattern) {
    return linq.findAll(pattern).stream().map(LoggedRequest::getLoggedDate).toList();
  }

  private List<CompletableFuture<Answer>> calls(String method, String path, String body, int n) {
    List<CompletableFuture<Answer>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(10));
      if (body == null) {
        request.GET();
      } else {
        request
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
      }
      calls.add(
          client
              .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
              .thenApply(Answer::of));
    }
    return calls;
  }

  private static List<Answer> answers(List<CompletableFuture<Answer>> calls) throws Exception {
    List<Answer> answers = new ArrayList<>();
    for (CompletableFuture<Answer> call : calls) {
      answers.add(call.get());
    }
    return answers;
  }

  record Answer(int status, String code, long retryAfter, String requestId) {
    static Answer of(HttpResponse<String> response) {
      Matcher code = CODE.matcher(response.body());
      return new Answer(
          response.statusCode(),
          code.find() ? code.group(1) : null,
          response.headers().firstValueAsLong("Retry-After").orElse(-1),
          response.headers().firstValue("X-Request-Id").orElse(null));
    }
  }
}
