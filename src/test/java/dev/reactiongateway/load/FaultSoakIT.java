package dev.reactiongateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.core.ErrorCode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Sustained load with injected provider faults (5xx, 429 with Retry-After, resets, hangs) on both
 * providers, an Idempotency-Key on every request and callers that retry: zero duplicate tapbacks,
 * only contract answers, and a flat heap. {@code -Dsoak.seconds} and {@code -Dsoak.rate} (requests
 * per second) lengthen it; {@code bench/soak.sh} runs the 10-minute version.
 */
@QuarkusIntegrationTest
@WithTestResource(
    value = CountingProvider.class,
    initArgs = @ResourceArg(name = "scenario", value = "soak"))
class FaultSoakIT {

  static final long SECONDS = Long.getLong("soak.seconds", 45);
  static final int RATE = Integer.getInteger("soak.rate", 300);
  static final double FAULTS = Double.parseDouble(System.getProperty("soak.faults", "0.05"));
  static final Set<String> CODES =
      Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());

  @CountingProvider.Inject CountingProvider provider;

  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
  private final List<String> invalid = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong answers = new AtomicLong();

  /** X-Request-Id of every request sent and not yet answered (nor failed). */
  private final Set<String> unanswered = ConcurrentHashMap.newKeySet();

  @Test
  void faultsUnderLoadNeverDuplicateATapbackNorBreakTheContract() throws Exception {
    provider.reset();
    for (CountingProvider.Behaviour b : List.of(provider.chert, provider.linq)) {
      b.delayMillis = 2;
      b.serverErrors = b.rateLimited = b.resets = b.hangs = FAULTS / 4;
    }
    double threadsStart = Gateway.metric("jvm_threads_live_threads", "");
    long rssStart = Gateway.rssMib();
    double heapEarly = -1;
    AtomicInteger next = new AtomicInteger();
    long started = System.nanoTime();
    try (LoadDriver callers = new LoadDriver(256)) {
      long tick = 0;
      while (System.nanoTime() - started < SECONDS * 1_000_000_000L) {
        for (int i = 0; i < RATE / 100; i++) {
          send(callers, next.incrementAndGet(), 0);
        }
        tick++;
        long due = started + tick * 10_000_000L;
        long sleep = (due - System.nanoTime()) / 1_000_000;
        if (sleep > 0) {
          Thread.sleep(sleep);
        }
        if (heapEarly < 0 && System.nanoTime() - started > SECONDS * 250_000_000L) {
          heapEarly = Gateway.heapAfterGcMib();
        }
      }
      Thread.sleep(8_000); // retries and hung calls (read timeout, deadline) finish
      // Every request has had its answer by now: the deadline is 5 s, a retry waits 300 ms.
      assertEquals(Set.of(), Set.copyOf(unanswered), "requests without an answer");
    }
    assertTrue(Gateway.settles(10_000), "every bulkhead permit came back");
    double heapLate = Gateway.heapAfterGcMib();
    long rssEnd = Gateway.rssMib();
    long rssPeak = Gateway.rssPeakMib();
    double threadsEnd = Gateway.metric("jvm_threads_live_threads", "");

    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf(
        "fault soak: %d s at %d req/s, %.0f %% faults: %d logical requests, %d answers, outcomes %s,"
            + " worst duplicate %d, p50 %d ms, p99 %d ms, heap after GC %.1f -> %.1f MiB,"
            + " RSS %d -> %d MiB (peak %d MiB), threads %.0f -> %.0f%n",
        SECONDS,
        RATE,
        FAULTS * 100,
        next.get(),
        answers.get(),
        new TreeMap<>(outcomes),
        provider.worstDuplicate(),
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        heapEarly,
        heapLate,
        rssStart,
        rssEnd,
        rssPeak,
        threadsStart,
        threadsEnd);

    assertEquals(
        List.of(), invalid.subList(0, Math.min(10, invalid.size())), "non-contract answers");
    assertTrue(
        provider.worstDuplicate() <= 1, "a message got " + provider.worstDuplicate() + " tapbacks");
    assertTrue(heapLate <= heapEarly * 1.5 + 16, "heap after GC " + heapEarly + " -> " + heapLate);
    assertTrue(threadsEnd <= threadsStart + 10, "threads " + threadsStart + " -> " + threadsEnd);
  }

  /** One logical request: retried by the caller, with the same key, while the answer says so. */
  private void send(LoadDriver callers, int n, int tries) {
    boolean chert = n % 2 == 0;
    boolean remove = !chert && n % 10 == 1;
    String body =
        chert
            ? "{\"messageId\":\"chert:soak_" + n + "\",\"reaction\":\"love\"}"
            : "{\"messageId\":\"linq:"
                + n
                + "\",\"reaction\":\"like\",\"operation\":\""
                + (remove ? "remove" : "add")
                + "\"}";
    String requestId = "soak-" + n + "-" + tries;
    unanswered.add(requestId);
    callers
        .post(body, Map.of("Idempotency-Key", "soak-" + n, "X-Request-Id", requestId))
        .onComplete(done -> unanswered.remove(requestId))
        .onSuccess(
            answer -> {
              answers.incrementAndGet();
              latencies.add(answer.nanos() / 1_000_000);
              boolean retry = judge(answer);
              if (retry && tries < 3) {
                callers.vertx().setTimer(300, t -> send(callers, n, tries + 1));
              }
            })
        .onFailure(failure -> invalid.add("transport: " + failure));
  }

  /** Checks one answer against the contract; true when a caller should retry it. */
  private boolean judge(LoadDriver.Answer answer) {
    try {
      JsonNode body = json.readTree(answer.body());
      if (answer.status() == 200) {
        count("ok");
        if (!Set.of("sent", "removed").contains(body.path("status").asText())) {
          invalid.add("200 without status: " + answer.body());
        }
        return false;
      }
      String code = body.path("code").asText();
      count(code);
      boolean problem =
          answer.contentType() != null
              && answer.contentType().startsWith("application/problem+json");
      boolean allowedStatus =
          answer.status() == 502 || answer.status() == 409 || answer.status() == 404;
      if (!problem
          || !CODES.contains(code)
          || !allowedStatus
          || answer.status() != body.path("status").asInt()) {
        invalid.add(answer.status() + " " + answer.body());
      }
      return body.path("retryable").asBoolean(false);
    } catch (Exception unreadable) {
      invalid.add(answer.status() + " unreadable: " + answer.body());
      return false;
    }
  }

  private void count(String code) {
    outcomes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
  }

  private static long percentile(List<Long> sorted, double p) {
    return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * p));
  }
}
