package dev.reactiongateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventSignalsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  private static EventsConfig config() {
    return new EventsConfig() {
      @Override
      public Optional<Store> store() {
        return Optional.empty();
      }

      @Override
      public Duration retention() {
        return Duration.ofDays(7);
      }

      @Override
      public int maxEvents() {
        return 100;
      }

      @Override
      public int maxRecording() {
        return 1;
      }

      @Override
      public Duration watchInterval() {
        return Duration.ofMillis(10);
      }

      @Override
      public String redisKeyPrefix() {
        return "unused";
      }
    };
  }

  @Test
  void aLocalRecordWakesListenersAndWaiters() {
    MemoryEventStore store = new MemoryEventStore(10, Duration.ofDays(1), InstantSource.system());
    EventSignals signals = new EventSignals(store, vertx, config());
    AtomicInteger woken = new AtomicInteger();
    EventSignals.Listening listening = signals.listen(woken::incrementAndGet);
    Uni<Boolean> waiting = signals.newerThan("0-0", Duration.ofMinutes(1)).memoize().indefinitely();
    waiting.subscribe().with(ignored -> {});

    String position =
        store.record("a", "{}".getBytes(StandardCharsets.UTF_8)).await().indefinitely().position();
    signals.recorded(position);
    signals.recorded(position);
    listening.stop();
    signals.recorded(store.record("b", new byte[0]).await().indefinitely().position());

    assertTrue(waiting.await().atMost(Duration.ofSeconds(5)));
    assertEquals(1, woken.get(), "once for a, not for a again, not after stopping");
    assertTrue(signals.newerThan("0-0", Duration.ofMinutes(1)).await().indefinitely());
  }

  @Test
  void aWaitEndsFalseWhenNothingNewArrives() {
    EventSignals signals =
        new EventSignals(
            new MemoryEventStore(10, Duration.ofDays(1), InstantSource.system()), vertx, config());
    assertFalse(
        signals.newerThan("5-0", Duration.ofMillis(20)).await().atMost(Duration.ofSeconds(5)));
  }

  @Test
  void shuttingDownEndsEveryWaitNowAndLater() {
    EventSignals signals =
        new EventSignals(
            new MemoryEventStore(10, Duration.ofDays(1), InstantSource.system()), vertx, config());
    Uni<Boolean> waiting = signals.newerThan("5-0", Duration.ofMinutes(5)).memoize().indefinitely();
    waiting.subscribe().with(ignored -> {});

    signals.closing(new io.quarkus.runtime.ShutdownDelayInitiatedEvent());

    assertFalse(waiting.await().atMost(Duration.ofSeconds(5)));
    assertFalse(
        signals.newerThan("5-0", Duration.ofMinutes(5)).await().atMost(Duration.ofSeconds(5)));
  }

  @Test
  void aSharedStoreIsWatchedWhileSomethingWaitsAndNotAfter() throws InterruptedException {
    AtomicInteger asked = new AtomicInteger();
    EventStore shared = new Newest(asked, "42-0");
    EventSignals signals = new EventSignals(shared, vertx, config());
    CountDownLatch woken = new CountDownLatch(1);

    EventSignals.Listening listening = signals.listen(woken::countDown);
    assertTrue(woken.await(5, TimeUnit.SECONDS));
    assertTrue(signals.newerThan("41-9", Duration.ofMillis(1)).await().indefinitely());
    listening.stop();
    Thread.sleep(50);
    int afterStop = asked.get();
    Thread.sleep(100);

    assertEquals(afterStop, asked.get(), "no watch while nothing waits");
  }

  /** A shared store that only knows its newest position. */
  private record Newest(AtomicInteger asked, String newest) implements EventStore {
    @Override
    public Uni<String> last() {
      asked.incrementAndGet();
      return Uni.createFrom().item(newest);
    }

    @Override
    public String name() {
      return "redis";
    }

    @Override
    public Uni<Recorded> record(String eventId, byte[] json) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Uni<Page> read(String after, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Uni<Void> join(String subscriber) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Uni<List<Stored>> take(String subscriber, String consumer, int max) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Uni<List<Stored>> takeOver(String subscriber, String consumer, Duration lease, int max) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Uni<Void> renew(String subscriber, String consumer, List<String> positions) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Uni<Void> done(String subscriber, String position) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Uni<Void> ping() {
      return Uni.createFrom().voidItem();
    }
  }
}
