package dev.reactiongateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Linq hangs (never answers) under sustained load on both providers: Chert's success rate and
 * latency stay normal, and the gateway's threads and memory stay bounded.
 */
@QuarkusIntegrationTest
@WithTestResource(
    value = CountingProvider.class,
    initArgs = @ResourceArg(name = "scenario", value = "hanging"))
class HangingProviderIT {

  static final long SECONDS = 15;

  @CountingProvider.Inject CountingProvider provider;

  @Test
  void aHangingProviderLeavesTheOtherUntouched() throws Exception {
    provider.reset();
    provider.linq.hangs = 1.0;
    provider.chert.delayMillis = 5;
    double threadsBefore = Gateway.metric("jvm_threads_live_threads", "");
    long rssBefore = Gateway.rssMib();

    List<Long> chertNanos = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger chertFailures = new AtomicInteger();
    AtomicInteger linqAnswers = new AtomicInteger();
    long until = System.nanoTime() + SECONDS * 1_000_000_000L;
    try (LoadDriver linqCallers = new LoadDriver(200);
        LoadDriver chertCallers = new LoadDriver(8)) {
      AtomicInteger ids = new AtomicInteger();
      for (int i = 0; i < 200; i++) {
        // like real callers, these back off after a 502 instead of hammering an open breaker
        loop(
            () ->
                linqCallers
                    .post(
                        "{\"messageId\":\"linq:"
                            + ids.incrementAndGet()
                            + "\",\"reaction\":\"love\"}",
                        Map.of())
                    .onSuccess(a -> linqAnswers.incrementAndGet())
                    .compose(a -> pause(linqCallers, 200)),
            until);
      }
      List<Future<?>> chert = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        loop(
            () ->
                chertCallers
                    .post(
                        "{\"messageId\":\"chert:c"
                            + ids.incrementAndGet()
                            + "\",\"reaction\":\"love\"}",
                        Map.of())
                    .onSuccess(
                        a -> {
                          if (a.status() == 200) {
                            chertNanos.add(a.nanos());
                          } else {
                            chertFailures.incrementAndGet();
                          }
                        }),
            until);
      }
      Thread.sleep(SECONDS * 1000 + 3000);
    }

    List<Long> sorted = new ArrayList<>(chertNanos);
    Collections.sort(sorted);
    long p99 =
        sorted.isEmpty() ? Long.MAX_VALUE : sorted.get((int) (sorted.size() * 0.99)) / 1_000_000;
    double threadsAfter = Gateway.metric("jvm_threads_live_threads", "");
    long rssAfter = Gateway.rssMib();
    System.out.printf(
        "hanging linq: chert %d ok, %d failed, p99 %d ms; linq answers %d; threads %.0f -> %.0f; RSS %d -> %d MiB%n",
        sorted.size(),
        chertFailures.get(),
        p99,
        linqAnswers.get(),
        threadsBefore,
        threadsAfter,
        rssBefore,
        rssAfter);

    assertEquals(0, chertFailures.get(), "every chert request succeeded");
    assertTrue(sorted.size() > 1_000, "chert kept flowing: " + sorted.size());
    // Sharing linq's capacity would push chert towards linq's 5 s deadline.
    assertTrue(p99 < 1_000, "chert p99 " + p99 + " ms");
    assertTrue(
        threadsAfter <= threadsBefore + 10, "threads " + threadsBefore + " -> " + threadsAfter);
    assertTrue(rssAfter < 320, "RSS " + rssBefore + " -> " + rssAfter + " MiB");
  }

  private static Future<Void> pause(LoadDriver driver, long millis) {
    io.vertx.core.Promise<Void> paused = io.vertx.core.Promise.promise();
    driver.vertx().setTimer(millis, t -> paused.complete());
    return paused.future();
  }

  /** Sends again as soon as each answer arrives, until the deadline. */
  private static void loop(java.util.function.Supplier<Future<?>> call, long untilNanos) {
    if (System.nanoTime() >= untilNanos) {
      return;
    }
    call.get().onComplete(done -> loop(call, untilNanos));
  }
}
