package dev.reactiongateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.events.EventStore.CursorExpired;
import dev.reactiongateway.events.EventStore.Page;
import dev.reactiongateway.events.EventStore.Recorded;
import dev.reactiongateway.events.EventStore.Stored;
import dev.reactiongateway.redis.ReplicaAcks;
import dev.reactiongateway.support.LocalRedis;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis stream store on the local Redis, each test under its own key prefix. */
@QuarkusTest
class RedisEventStoreTest {

  private static final Duration LEASE = Duration.ofMillis(300);

  @Inject ReactiveRedisDataSource reactive;
  @Inject RedisDataSource redis;
  @Inject ReplicaAcks acks;

  private String prefix;

  @BeforeEach
  void ownPrefix() {
    LocalRedis.assumeAvailable();
    prefix = "{test-events-" + UUID.randomUUID() + "}:";
  }

  @AfterEach
  void removeKeys() {
    if (prefix != null) {
      List<String> keys = redis.key().keys(prefix + "*");
      if (!keys.isEmpty()) {
        redis.key().del(keys.toArray(String[]::new));
      }
    }
  }

  private RedisEventStore store(Duration retention) {
    return new RedisEventStore(reactive, acks, prefix, retention);
  }

  private RedisEventStore store() {
    return store(Duration.ofHours(1));
  }

  private static Recorded record(EventStore store, String id) {
    return store.record(id, json(id)).await().indefinitely();
  }

  private static byte[] json(String id) {
    return ("{\"id\":\"" + id + "\",\"emoji\":\"🔥\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> bodies(List<Stored> events) {
    return events.stream().map(e -> new String(e.json(), StandardCharsets.UTF_8)).toList();
  }

  private static List<String> bodies(String... ids) {
    return java.util.Arrays.stream(ids)
        .map(id -> new String(json(id), StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void anEventIdIsRecordedOnceAndItsBytesComeBackUnchanged() {
    EventStore store = store();
    assertEquals("0-0", store.last().await().indefinitely());
    Recorded first = record(store, "a");
    Recorded again = record(store, "a");

    assertFalse(first.duplicate());
    assertTrue(again.duplicate());
    assertEquals(first.position(), again.position());
    assertEquals(first.position(), store.last().await().indefinitely());
    assertEquals(bodies("a"), bodies(store.read(null, 10).await().indefinitely().events()));
    assertTrue(redis.key().exists(prefix + "seen:a"), "the mark lives under the prefix");
  }

  @Test
  void pagesFollowTheCursorAndAnEmptyPageGivesTheCursorBack() {
    EventStore store = store();
    for (String id : List.of("a", "b", "c")) {
      record(store, id);
    }

    Page first = store.read(null, 2).await().indefinitely();
    Page second = store.read(first.next(), 2).await().indefinitely();
    Page empty = store.read(second.next(), 2).await().indefinitely();

    assertEquals(bodies("a", "b"), bodies(first.events()));
    assertEquals(bodies("c"), bodies(second.events()));
    assertTrue(empty.events().isEmpty());
    assertEquals(second.next(), empty.next());
  }

  @Test
  void eventsOlderThanTheRetentionAreTrimmedAndACursorBeforeThemHasExpired()
      throws InterruptedException {
    EventStore store = store(Duration.ofMillis(200));
    String a = record(store, "a").position();
    Thread.sleep(300);
    record(store, "b");

    assertEquals(bodies("b"), bodies(store.read(null, 10).await().indefinitely().events()));
    assertThrows(CursorExpired.class, () -> store.read("0-0", 10).await().indefinitely());
    assertEquals(bodies("b"), bodies(store.read(a, 10).await().indefinitely().events()));
  }

  @Test
  void aGroupStartsAtTheNewestEventAndHandsEachEventToOneConsumer() {
    EventStore store = store();
    record(store, "before");
    store.join("hooks").await().indefinitely();
    store.join("hooks").await().indefinitely();
    record(store, "a");
    record(store, "b");
    record(store, "c");

    List<Stored> one = store.take("hooks", "one", 2).await().indefinitely();
    List<Stored> two = store.take("hooks", "two", 5).await().indefinitely();
    List<Stored> none = store.take("hooks", "one", 5).await().indefinitely();

    assertEquals(bodies("a", "b"), bodies(one));
    assertEquals(bodies("c"), bodies(two));
    assertTrue(none.isEmpty());
  }

  @Test
  void pendingEventsNotRenewedWithinTheLeaseAreTakenOver() throws InterruptedException {
    EventStore store = store();
    store.join("hooks").await().indefinitely();
    record(store, "a");
    List<Stored> held = store.take("hooks", "dead", 5).await().indefinitely();

    assertTrue(store.takeOver("hooks", "alive", LEASE, 5).await().indefinitely().isEmpty());
    Thread.sleep(LEASE.toMillis() + 100);
    List<Stored> taken = store.takeOver("hooks", "alive", LEASE, 5).await().indefinitely();

    assertEquals(bodies(held), bodies(taken));
    assertTrue(store.takeOver("hooks", "third", LEASE, 5).await().indefinitely().isEmpty());
  }

  @Test
  void renewingKeepsAnEventButOnlyForTheConsumerHoldingIt() throws InterruptedException {
    EventStore store = store();
    store.join("hooks").await().indefinitely();
    record(store, "a");
    String position = store.take("hooks", "one", 5).await().indefinitely().get(0).position();

    Thread.sleep(LEASE.toMillis() + 100);
    store.renew("hooks", "one", List.of(position)).await().indefinitely();
    assertTrue(store.takeOver("hooks", "two", LEASE, 5).await().indefinitely().isEmpty());

    store.renew("hooks", "stranger", List.of(position)).await().indefinitely();
    Thread.sleep(LEASE.toMillis() + 100);
    store.renew("hooks", "stranger", List.of(position)).await().indefinitely();
    assertEquals(1, store.takeOver("hooks", "two", LEASE, 5).await().indefinitely().size());
  }

  @Test
  void anEventDoneIsNoLongerPending() throws InterruptedException {
    EventStore store = store();
    store.join("hooks").await().indefinitely();
    record(store, "a");
    String position = store.take("hooks", "one", 5).await().indefinitely().get(0).position();

    store.done("hooks", position).await().indefinitely();
    Thread.sleep(LEASE.toMillis() + 100);

    assertTrue(store.takeOver("hooks", "two", LEASE, 5).await().indefinitely().isEmpty());
  }
}
