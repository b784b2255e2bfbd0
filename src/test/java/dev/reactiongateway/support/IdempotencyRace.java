package dev.reactiongateway.support;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Many callers sending one request with one Idempotency-Key at the same moment. */
public final class IdempotencyRace {

  private final List<ExtractableResponse<Response>> answers;

  private IdempotencyRace(List<ExtractableResponse<Response>> answers) {
    this.answers = answers;
  }

  public static IdempotencyRace run(int callers, String key, String body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<ExtractableResponse<Response>>> calls = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  return given()
                      .contentType("application/json")
                      .header("Idempotency-Key", key)
                      .body(body)
                      .post("/v1/reactions")
                      .then()
                      .extract();
                }));
      }
      start.countDown();
      List<ExtractableResponse<Response>> answers = new ArrayList<>();
      for (Future<ExtractableResponse<Response>> call : calls) {
        answers.add(call.get());
      }
      return new IdempotencyRace(answers);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Exactly one original success; every other answer is a 409 or a replay of it. */
  public void assertOneWinner() {
    long originals =
        answers.stream()
            .filter(a -> a.statusCode() == 200 && a.header("Idempotent-Replayed") == null)
            .count();
    assertEquals(1, originals, "one request ran");
    for (ExtractableResponse<Response> answer : answers) {
      boolean conflict =
          answer.statusCode() == 409
              && "idempotency_key_in_flight".equals(answer.jsonPath().getString("code"));
      boolean replayOrOriginal = answer.statusCode() == 200;
      assertTrue(conflict || replayOrOriginal, answer.statusCode() + " " + answer.asString());
    }
  }
}
