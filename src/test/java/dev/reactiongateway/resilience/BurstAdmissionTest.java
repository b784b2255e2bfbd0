package dev.reactiongateway.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bursts at providers with few permits: an attempt waits for a permit as long as it can still
 * finish before its deadline, and only when it cannot is it refused at once, with provider_busy,
 * Retry-After and nothing sent.
 */
@QuarkusTest
@TestProfile(BurstAdmissionTest.TwoPermits.class)
@WithTestResource(ProviderDoubles.class)
class BurstAdmissionTest {

  static final String CHERT_PATH = "/api/v1/messages/msg_1/react";
  static final String CHERT_ADD = "{\"messageId\":\"chert:msg_1\",\"reaction\":\"love\"}";
  static final String LINQ_PATH = "/api/partner/v2/chat_messages/7/reactions";
  static final String LINQ_ADD = "{\"messageId\":\"linq:7\",\"reaction\":\"love\"}";
  static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"");

  /**
   * Chert: 60 permits (more than the REST client's own default pool of 50 connections) and the
   * default 5 s deadline; Linq: two permits, a 2.5 s deadline, no retries, and a latency estimate
   * that follows the latest answers closely. Both keep the default queue-size, far above the
   * bursts; the caller's rate limit is out of the way.
   */
  public static class TwoPermits implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.chert.bulkhead.max-concurrent", "60",
          "gateway.linq.bulkhead.max-concurrent", "2",
          "gateway.linq.bulkhead.latency-smoothing", "0.8",
          "gateway.linq.deadline", "2500ms",
          "gateway.linq.read-timeout", "3s",
          "gateway.linq.retry.max-retries", "0",
          "gateway.rate-limit.requests", "100000");
    }
  }

  @TestHTTPResource("/v1/reactions")
  URI reactions;

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

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

  @Test
  void aBurstFarLargerThanThePermitsIsAllServedByAFastProvider() throws Exception {
    chertAnswersAfter(20);
    for (int i = 0; i < 5; i++) {
      burst(CHERT_ADD, 16); // the provider's latency is known (the first calls are slower)
    }

    List<Answer> answers = burst(CHERT_ADD, 150);

    assertEquals(150, answers.stream().filter(a -> a.status == 200).count(), answers.toString());
    chert.verify(5 * 16 + 150, anyRequestedFor(anyUrl()));
  }

  @Test
  void everyAdmittedAttemptIsSentAtOnceNoneWaitsInsideTheHttpClient() throws Exception {
    chertAnswersAfter(1_500);

    // As many adds as Chert has permits: each holds one, so each must be on the wire at once.
    List<CompletableFuture<Answer>> calls = send(CHERT_ADD, 60);
    long giveUp = System.nanoTime() + Duration.ofMillis(1_200).toNanos();
    int atTheProvider;
    while ((atTheProvider = chert.getAllServeEvents().size()) < 60 && System.nanoTime() < giveUp) {
      Thread.sleep(20);
    }

    assertEquals(60, atTheProvider, "attempts at the provider before its first answer");
    for (CompletableFuture<Answer> call : calls) {
      assertEquals(200, call.get().status, call.get().toString());
    }
  }

  @Test
  void requestsThatCannotFinishByTheDeadlineAreRefusedAtOnceAndNeverSent() throws Exception {
    answerAfter(1_000);
    burst(LINQ_ADD, 2); // the provider's latency is known: 1 s

    // Two run at once and two wait one round (done at about 2 s); a third round would end after
    // the 2.5 s deadline.
    List<Answer> answers = burst(LINQ_ADD, 10);

    long served = answers.stream().filter(a -> a.status == 200).count();
    List<Answer> refused = answers.stream().filter(a -> a.status != 200).toList();
    assertEquals(4, served, answers.toString());
    for (Answer answer : refused) {
      assertEquals("provider_busy", answer.code, answer.toString());
      assertTrue(answer.retryAfter >= 1, answer.toString());
      assertTrue(answer.millis < 1_000, "refused before the provider's first answer: " + answer);
    }
    linq.verify(2 + 4, anyRequestedFor(anyUrl()));
  }

  @Test
  void noAdmittedRequestTimesOutWaitingWhenTheProviderSlowsDown() throws Exception {
    answerAfter(10);
    burst(LINQ_ADD, 2); // the provider looks fast
    answerAfter(1_500);

    // All six are let in on the fast estimate; when the first two answer after 1.5 s, the four
    // waiting could not finish by the deadline any more, and are not sent.
    List<Answer> answers = burst(LINQ_ADD, 6);

    assertEquals(2, answers.stream().filter(a -> a.status == 200).count(), answers.toString());
    assertEquals(
        4,
        answers.stream().filter(a -> "provider_busy".equals(a.code)).count(),
        answers.toString());
    linq.verify(2 + 2, anyRequestedFor(anyUrl()));
  }

  private void chertAnswersAfter(int millis) {
    chert.stubFor(
        post(CHERT_PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"sent\",\"message_id\":\"msg_1\",\"reaction\":\"love\"}")
                    .withFixedDelay(millis)));
  }

  private void answerAfter(int millis) {
    linq.stubFor(
        post(LINQ_PATH)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"data\":{\"id\":1,\"reaction\":\"love\"}}")
                    .withFixedDelay(millis)));
  }

  /** Sends {@code count} adds at once and returns every answer. */
  private List<Answer> burst(String body, int count) throws Exception {
    List<Answer> answers = new ArrayList<>();
    for (CompletableFuture<Answer> call : send(body, count)) {
      answers.add(call.get());
    }
    return answers;
  }

  /** Sends {@code count} adds at once; their answers to come. */
  private List<CompletableFuture<Answer>> send(String body, int count) {
    List<CompletableFuture<Answer>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(reactions)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(10))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      long started = System.nanoTime();
      calls.add(
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .thenApply(response -> Answer.of(response, started)));
    }
    return calls;
  }

  record Answer(int status, String code, long retryAfter, long millis) {
    static Answer of(HttpResponse<String> response, long started) {
      Matcher code = CODE.matcher(response.body());
      return new Answer(
          response.statusCode(),
          code.find() ? code.group(1) : null,
          response.headers().firstValueAsLong("Retry-After").orElse(-1),
          (System.nanoTime() - started) / 1_000_000);
    }
  }
}
