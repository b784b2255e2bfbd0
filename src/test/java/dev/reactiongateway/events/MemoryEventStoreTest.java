package dev.reactiongateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.events.EventStore.CursorExpired;
import dev.reactiongateway.events.EventStore.Page;
import dev.reactiongateway.events.EventStore.Recorded;
import dev.reactiongateway.events.EventStore.Stored;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryEventStoreTest {

  private static final Duration LEASE = Duration.ofSeconds(30);

  private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
  private final InstantSource clock = () -> Instant.ofEpochMilli(millis.get());

  private MemoryEventStore store(int maxEvents) {
    return new MemoryEventStore(maxEvents, Duration.ofHours(1), clock);
  }

  private static byte[] json(String id) {
    return ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static String body(Stored stored) {
    return new String(stored.json(), StandardCharsets.UTF_8);
  }

  private static Recorded record(EventStore store, String id) {
    return store.record(id, json(id)).await().indefinitely();
  }

  private static List<String> ids(List<Stored> events) {
    return events.stream().map(MemoryEventStoreTest::body).toList();
  }

  @Test
  void anEventIdIsRecordedOnceAndItsRedeliveryNamesTheFirstPosition() {
    MemoryEventStore store = store(10);
    Recorded first = record(store, "a");
    Recorded again = record(store, "a");

    assertFalse(first.duplicate());
    assertTrue(again.duplicate());
    assertEquals(first.position(), again.position());
    assertEquals(1, store.read(null, 10).await().indefinitely().events().size());
  }

  @Test
  void positionsIncreaseWithinOneMillisecondAndWhenTheClockStepsBack() {
    MemoryEventStore store = store(10);
    Position a = Position.parse(record(store, "a").position());
    Position b = Position.parse(record(store, "b").position());
    millis.addAndGet(-5_000);
    Position c = Position.parse(record(store, "c").position());

    assertTrue(b.after(a));
    assertTrue(c.after(b));
    assertEquals(c.toString(), store.last().await().indefinitely());
  }

  @Test
  void pagesFollowTheCursorAndAnEmptyPageGivesTheCursorBack() {
    MemoryEventStore store = store(10);
    assertEquals("0-0", store.last().await().indefinitely());
    for (String id : List.of("a", "b", "c")) {
      record(store, id);
      millis.incrementAndGet();
    }

    Page first = store.read(null, 2).await().indefinitely();
    Page second = store.read(first.next(), 2).await().indefinitely();
    Page empty = store.read(second.next(), 2).await().indefinitely();

    assertEquals(List.of("{\"id\":\"a\"}", "{\"id\":\"b\"}"), ids(first.events()));
    assertEquals(first.events().get(1).position(), first.next());
    assertEquals(List.of("{\"id\":\"c\"}"), ids(second.events()));
    assertTrue(empty.events().isEmpty());
    assertEquals(second.next(), empty.next());
  }

  @Test
  void beyondMaxEventsTheOldestGoesAndACursorBeforeItHasExpired() {
    MemoryEventStore store = store(2);
    String a = record(store, "a").position();
    record(store, "b");
    record(store, "c");

    assertEquals(List.of("{\"id\":\"b\"}", "{\"id\":\"c\"}"), ids(readAll(store, null)));
    assertThrows(
        CursorExpired.class, () -> store.read("0-0", 10).await().indefinitely(), "before a");
    assertEquals(List.of("{\"id\":\"b\"}", "{\"id\":\"c\"}"), ids(readAll(store, a)));
  }

  @Test
  void eventsOlderThanTheRetentionAreDroppedWithTheirMarks() {
    MemoryEventStore store = store(10);
    String a = record(store, "a").position();
    millis.addAndGet(Duration.ofHours(1).toMillis());
    String b = record(store, "b").position();

    assertEquals(List.of("{\"id\":\"b\"}"), ids(readAll(store, null)));
    assertThrows(CursorExpired.class, () -> store.read("0-0", 10).await().indefinitely());
    Recorded redelivered = record(store, "a");
    assertFalse(redelivered.duplicate());
    assertTrue(Position.parse(redelivered.position()).after(Position.parse(b)));
    assertTrue(Position.parse(b).after(Position.parse(a)));
  }

  @Test
  void aGroupStartsAtTheNewestEventAndHandsEachEventToOneConsumer() {
    MemoryEventStore store = store(10);
    record(store, "before");
    store.join("hooks").await().indefinitely();
    store.join("hooks").await().indefinitely();
    record(store, "a");
    record(store, "b");
    record(store, "c");

    List<Stored> one = store.take("hooks", "one", 2).await().indefinitely();
    List<Stored> two = store.take("hooks", "two", 5).await().indefinitely();
    List<Stored> none = store.take("hooks", "one", 5).await().indefinitely();

    assertEquals(List.of("{\"id\":\"a\"}", "{\"id\":\"b\"}"), ids(one));
    assertEquals(List.of("{\"id\":\"c\"}"), ids(two));
    assertTrue(none.isEmpty());
  }

  @Test
  void eachSubscribersGroupGetsEveryEvent() {
    MemoryEventStore store = store(10);
    store.join("hooks").await().indefinitely();
    store.join("audit").await().indefinitely();
    record(store, "a");

    assertEquals(1, store.take("hooks", "one", 5).await().indefinitely().size());
    assertEquals(1, store.take("audit", "one", 5).await().indefinitely().size());
  }

  @Test
  void pendingEventsNotRenewedWithinTheLeaseAreTakenOver() {
    MemoryEventStore store = store(10);
    store.join("hooks").await().indefinitely();
    record(store, "a");
    List<Stored> held = store.take("hooks", "dead", 5).await().indefinitely();

    millis.addAndGet(LEASE.toMillis() - 1);
    assertTrue(store.takeOver("hooks", "alive", LEASE, 5).await().indefinitely().isEmpty());
    millis.incrementAndGet();
    List<Stored> taken = store.takeOver("hooks", "alive", LEASE, 5).await().indefinitely();

    assertEquals(ids(held), ids(taken));
    assertTrue(store.takeOver("hooks", "third", LEASE, 5).await().indefinitely().isEmpty());
  }

  @Test
  void renewingKeepsAnEventButOnlyForTheConsumerHoldingIt() {
    MemoryEventStore store = store(10);
    store.join("hooks").await().indefinitely();
    record(store, "a");
    String position = store.take("hooks", "one", 5).await().indefinitely().get(0).position();

    millis.addAndGet(LEASE.toMillis() - 1);
    store.renew("hooks", "one", List.of(position)).await().indefinitely();
    millis.addAndGet(LEASE.toMillis() - 1);
    assertTrue(store.takeOver("hooks", "two", LEASE, 5).await().indefinitely().isEmpty());

    store.renew("hooks", "stranger", List.of(position)).await().indefinitely();
    millis.addAndGet(1);
    assertEquals(1, store.takeOver("hooks", "two", LEASE, 5).await().indefinitely().size());
  }

  @Test
  void anEventDoneIsNoLongerPending() {
    MemoryEventStore store = store(10);
    store.join("hooks").await().indefinitely();
    record(store, "a");
    String position = store.take("hooks", "one", 5).await().indefinitely().get(0).position();

    store.done("hooks", position).await().indefinitely();
    millis.addAndGet(LEASE.toMillis());

    assertTrue(store.takeOver("hooks", "two", LEASE, 5).await().indefinitely().isEmpty());
  }

  @Test
  void takingBeforeJoiningFails() {
    MemoryEventStore store = store(10);
    assertThrows(
        IllegalStateException.class, () -> store.take("hooks", "one", 5).await().indefinitely());
  }

  @Test
  void concurrentRecordsEachGetTheirOwnPosition() throws Exception {
    MemoryEventStore store = store(10_000);
    // Mutiny sets up its context propagation on first use, which is not safe to race outside
    // Quarkus: the first record is made here.
    record(store, "e0");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Recorded>> futures =
          java.util.stream.IntStream.range(0, 2_000)
              .mapToObj(i -> pool.submit(() -> record(store, "e" + (i % 1_000))))
              .toList();
      Set<String> fresh = new HashSet<>();
      for (Future<Recorded> future : futures) {
        Recorded recorded = future.get();
        if (!recorded.duplicate()) {
          assertTrue(fresh.add(recorded.position()));
        }
      }
      assertEquals(999, fresh.size(), "e0 was recorded before");
      assertEquals(1_000, readAll(store, null).size());
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Stored> readAll(EventStore store, String after) {
    return store.read(after, 1_000).await().indefinitely().events();
  }
}
