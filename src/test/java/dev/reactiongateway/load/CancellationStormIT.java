package dev.reactiongateway.load;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.provider.SendGates;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Bursts of callers (300 connections each) that hang up mid-request while both providers are slow:
 * afterwards the gateway answers normally within a second, and the providers received no request
 * after its caller had gone (docs/resilience-and-configuration.md: nothing is written after its
 * caller has gone).
 */
@QuarkusIntegrationTest
@WithTestResource(
    value = CountingProvider.class,
    initArgs = @ResourceArg(name = "scenario", value = "storm"))
class CancellationStormIT {

  static final int BURSTS = 6;
  static final int CALLERS = 300;

  static final Path GATEWAY_LOG = Path.of("target", "quarkus.log");

  @CountingProvider.Inject CountingProvider provider;

  /**
   * requestId -> the latest moment, by the gateway's clock, it logged a line with {@code message}
   * (a summary line's message starts with its fields, so a prefix is enough).
   */
  private static Map<String, Instant> lastLogged(String message) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, Instant> at = new HashMap<>();
    for (String line : Files.readAllLines(GATEWAY_LOG)) {
      if (line.contains(message)) {
        JsonNode record = json.readTree(line);
        at.merge(
            record.path("mdc").path("requestId").asText(),
            Instant.parse(record.path("timestamp").asText()),
            (one, other) -> one.isAfter(other) ? one : other);
      }
    }
    return at;
  }

  @Test
  void callersThatHangUpNeitherWedgeTheGatewayNorGetGhostTapbacks() throws Exception {
    provider.reset();
    provider.chert.delayMillis = 700;
    provider.linq.delayMillis = 700;
    // A pod in service has passed its probes and served traffic: warm both provider paths. (On a
    // cold JVM the first writes lag the gate's decision: docs/resilience-and-configuration.md.)
    for (int i = 0; i < 20; i++) {
      given()
          .contentType("application/json")
          .body(
              "{\"messageId\":\""
                  + (i % 2 == 0 ? "chert:warm" : "linq:" + (900000 + i))
                  + "\",\"reaction\":\"love\"}")
          .post("/v1/reactions")
          .then()
          .statusCode(200);
    }
    provider.received.clear();
    Map<String, Long> hungUpAt = new ConcurrentHashMap<>();
    Vertx vertx = Vertx.vertx();
    try {
      NetClient net = vertx.createNetClient();
      for (int burst = 0; burst < BURSTS; burst++) {
        CountDownLatch done = new CountDownLatch(CALLERS);
        for (int i = 0; i < CALLERS; i++) {
          String requestId = "storm-" + burst + "-" + i;
          String body =
              i % 2 == 0
                  ? "{\"messageId\":\"chert:s" + burst + "_" + i + "\",\"reaction\":\"love\"}"
                  : "{\"messageId\":\"linq:"
                      + (burst * CALLERS + i + 1)
                      + "\",\"reaction\":\"love\"}";
          String request =
              "POST /v1/reactions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "X-Request-Id: "
                  + requestId
                  + "\r\nContent-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body;
          long patience = ThreadLocalRandom.current().nextLong(10, 300);
          net.connect(Gateway.port(), "127.0.0.1")
              .onSuccess(
                  socket ->
                      socket
                          .write(Buffer.buffer(request))
                          .onComplete(
                              written ->
                                  vertx.setTimer(
                                      patience,
                                      t -> {
                                        hungUpAt.put(requestId, System.nanoTime());
                                        socket.close();
                                        done.countDown();
                                      })))
              .onFailure(e -> done.countDown());
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), "burst " + burst + " finished");
        Thread.sleep(300);
      }

      assertTrue(Gateway.settles(15_000), "every bulkhead permit came back");
      long started = System.nanoTime();
      given()
          .contentType("application/json")
          .body("{\"messageId\":\"linq:999999\",\"reaction\":\"love\"}")
          .post("/v1/reactions")
          .then()
          .statusCode(200);
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(millis < 1_000, "answered in " + millis + " ms after the storm");

      // A ghost is a request the gateway let through its send gate after it knew its caller was
      // gone: the moment it knew is its summary line for that request (code=caller_gone). Both
      // moments are the gateway's own log lines, stamped by one clock to the nanosecond. Every
      // request the providers received must have passed the gate (nothing goes round it).
      Map<String, Instant> goneAt = lastLogged("code=caller_gone");
      Map<String, Instant> passedAt = lastLogged(SendGates.GATE_PASSED);
      List<String> ghosts =
          goneAt.entrySet().stream()
              .filter(gone -> passedAt.containsKey(gone.getKey()))
              .filter(gone -> passedAt.get(gone.getKey()).isAfter(gone.getValue()))
              .map(
                  gone ->
                      gone.getKey()
                          + " +"
                          + Duration.between(gone.getValue(), passedAt.get(gone.getKey())).toNanos()
                          + "ns")
              .collect(Collectors.toList());
      List<String> ungated =
          provider.received.stream()
              .map(CountingProvider.Received::requestId)
              .filter(id -> id != null && !passedAt.containsKey(id))
              .collect(Collectors.toList());
      long lateByTestClock =
          provider.received.stream()
              .filter(r -> r.requestId() != null && hungUpAt.containsKey(r.requestId()))
              .filter(
                  r -> CountingProvider.millisBetween(hungUpAt.get(r.requestId()), r.atNanos()) > 0)
              .count();
      System.out.printf(
          "cancellation storm: %d callers hung up, providers received %d of their requests (%d"
              + " after the hang-up by the test's clock, before the gateway saw it), ghosts %d%n",
          hungUpAt.size(), provider.received.size() - 1, lateByTestClock, ghosts.size());
      assertEquals(List.of(), ungated, "requests that reached a provider without passing the gate");
      assertEquals(List.of(), ghosts, "requests sent after their caller hung up");
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }
}
