package dev.reactiongateway.events.delivery;

import static dev.reactiongateway.events.delivery.Deliveries.assertSigned;
import static dev.reactiongateway.events.delivery.Deliveries.event;
import static dev.reactiongateway.events.delivery.Deliveries.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.events.EventSignals;
import dev.reactiongateway.events.EventStore;
import dev.reactiongateway.support.LinqWebhookDeliveries;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Push delivery to recording subscribers (docs/events.md, "Push delivery"): signed as Standard
 * Webhooks say, retried with backoff or after {@code Retry-After}, filtered by type and provider,
 * and a hanging subscriber holding only its own connections.
 */
@QuarkusTest
@TestProfile(PushDeliveryTest.Profile.class)
@WithTestResource(Subscribers.class)
class PushDeliveryTest {

  static final String ORDERS_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String AUDIT_SECRET = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODk=";

  /** Four subscribers; attempts bounded by 4 s, two in flight per subscriber. */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>();
      subscriber(config, "orders", "/ok/orders", ORDERS_SECRET);
      subscriber(config, "flaky", "/scripted", ORDERS_SECRET);
      subscriber(config, "audit", "/audit", AUDIT_SECRET);
      config.put("gateway.subscribers.audit.types", "reaction.removed");
      config.put("gateway.subscribers.audit.providers", "linq");
      // Only the isolation test's events (Chert, added) reach the subscriber that never answers.
      subscriber(config, "stuck", "/hang", AUDIT_SECRET);
      config.put("gateway.subscribers.stuck.types", "reaction.added");
      config.put("gateway.subscribers.stuck.providers", "chert");
      config.put("gateway.linq.webhook-secrets", LinqWebhookDeliveries.SECRET);
      config.put("gateway.delivery.timeout", "4s");
      config.put("gateway.delivery.concurrency", "2");
      return config;
    }

    static void subscriber(Map<String, String> config, String name, String path, String secret) {
      config.put("gateway.subscribers." + name + ".url", "${test.subscribers.base-url}" + path);
      config.put("gateway.subscribers." + name + ".secret", secret);
    }
  }

  @Inject EventStore store;
  @Inject EventSignals signals;
  Subscribers subscribers;

  Deliveries.Event record(String provider, String type) {
    return Deliveries.record(store, signals, event(provider, type));
  }

  @Test
  void aDeliveryIsTheStoredEventSignedTheStandardWebhooksWay() throws Exception {
    Deliveries.Event event = record("linq", "reaction.added");
    eventually(
        Duration.ofSeconds(5),
        "delivered to orders",
        () -> !subscribers.arrivals("/ok/orders", event.id()).isEmpty());
    List<Subscribers.Arrival> arrivals = subscribers.arrivals("/ok/orders", event.id());
    assertEquals(1, arrivals.size());
    Subscribers.Arrival arrival = arrivals.get(0);
    assertEquals("application/json", arrival.header("content-type"));
    assertArrayEquals(event.json(), arrival.body());
    assertSigned(arrival, ORDERS_SECRET, event.id());
  }

  @Test
  void aLinqWebhookIsPushedOnceAsItsCanonicalEventEvenWhenRedelivered() throws Exception {
    String linqEventId = UUID.randomUUID().toString();
    String webhook = LinqWebhookDeliveries.reactionAdded(linqEventId, "love");
    LinqWebhookDeliveries.deliver(webhook).statusCode(204);
    LinqWebhookDeliveries.deliver(webhook).statusCode(204);
    String id = "linq:" + linqEventId;
    eventually(
        Duration.ofSeconds(5),
        "delivered to orders",
        () -> !subscribers.arrivals("/ok/orders", id).isEmpty());
    List<Subscribers.Arrival> arrivals = subscribers.arrivals("/ok/orders", id);
    assertEquals(1, arrivals.size());
    assertSigned(arrivals.get(0), ORDERS_SECRET, id);
    String body = new String(arrivals.get(0).body(), StandardCharsets.UTF_8);
    assertTrue(body.startsWith("{\"id\":\"" + id + "\",\"type\":\"reaction.added\""), body);
    assertTrue(body.contains("\"reaction\":\"love\""), body);
  }

  @Test
  void aFailedDeliveryIsRetriedWithGrowingBackoffUntilA2xx() throws Exception {
    Deliveries.Event event = event("linq", "reaction.added");
    subscribers.script(
        event.id(),
        new Subscribers.Answer(500, Map.of()),
        new Subscribers.Answer(502, Map.of()),
        new Subscribers.Answer(204, Map.of()));
    Deliveries.record(store, signals, event);
    eventually(
        Duration.ofSeconds(10),
        "three attempts",
        () -> subscribers.arrivals("/scripted", event.id()).size() == 3);
    List<Subscribers.Arrival> attempts = subscribers.arrivals("/scripted", event.id());
    // The first retry comes 0.5–1 s after the failure, the second 1–2 s.
    assertTrue(gap(attempts, 0).toMillis() >= 500, gap(attempts, 0).toString());
    assertTrue(gap(attempts, 1).toMillis() >= 1000, gap(attempts, 1).toString());
    for (Subscribers.Arrival attempt : attempts) {
      assertArrayEquals(event.json(), attempt.body());
      assertSigned(attempt, ORDERS_SECRET, event.id());
    }
  }

  @Test
  void retryAfterIsHonouredInsteadOfTheBackoff() throws Exception {
    Deliveries.Event event = event("linq", "reaction.removed");
    subscribers.script(event.id(), new Subscribers.Answer(503, Map.of("Retry-After", "3")));
    Deliveries.record(store, signals, event);
    eventually(
        Duration.ofSeconds(10),
        "a retry",
        () -> subscribers.arrivals("/scripted", event.id()).size() >= 2);
    assertEquals(2, subscribers.arrivals("/scripted", event.id()).size());
    Duration gap = gap(subscribers.arrivals("/scripted", event.id()), 0);
    // Without Retry-After the first retry would come within 1 s.
    assertTrue(gap.toMillis() >= 2900, gap.toString());
  }

  @Test
  void typesAndProvidersSelectWhatASubscriberReceives() throws Exception {
    Deliveries.Event linqAdded = record("linq", "reaction.added");
    Deliveries.Event chertRemoved = record("chert", "reaction.removed");
    Deliveries.Event linqRemoved = record("linq", "reaction.removed");
    eventually(
        Duration.ofSeconds(5),
        "audit receives Linq's removal, orders all three",
        () ->
            subscribers.arrivals("/audit", linqRemoved.id()).size() == 1
                && List.of(linqAdded, chertRemoved, linqRemoved).stream()
                    .allMatch(e -> subscribers.arrivals("/ok/orders", e.id()).size() == 1));
    assertEquals(List.of(), subscribers.arrivals("/audit", linqAdded.id()));
    assertEquals(List.of(), subscribers.arrivals("/audit", chertRemoved.id()));
    assertSigned(
        subscribers.arrivals("/audit", linqRemoved.id()).get(0), AUDIT_SECRET, linqRemoved.id());
  }

  @Test
  void aHangingSubscriberHoldsOnlyItsOwnConnectionsAndDelaysNoOther() throws Exception {
    List<Deliveries.Event> events =
        List.of(
            record("chert", "reaction.added"),
            record("chert", "reaction.added"),
            record("chert", "reaction.added"),
            record("chert", "reaction.added"));
    // Well within the 4 s attempt timeout that the stuck subscriber's attempts run into.
    eventually(
        Duration.ofSeconds(3),
        "orders receives every event while stuck hangs",
        () ->
            events.stream().allMatch(e -> subscribers.arrivals("/ok/orders", e.id()).size() == 1));
    eventually(
        Duration.ofSeconds(1),
        "stuck's two connections in use",
        () -> subscribers.arrivals("/hang").size() == 2);
    assertEquals(2, subscribers.arrivals("/hang").size(), "at most two attempts in flight");
  }

  @Test
  void everySubscribersSecretIsLockedAwayFromThePlainConfigApi() {
    for (String name : List.of("orders", "audit", "stuck")) {
      assertThrows(
          SecurityException.class,
          () ->
              ConfigProvider.getConfig()
                  .getValue("gateway.subscribers." + name + ".secret", String.class));
    }
    // The rest of a subscriber's configuration stays readable.
    assertEquals(
        ConfigProvider.getConfig().getValue("test.subscribers.base-url", String.class)
            + "/ok/orders",
        ConfigProvider.getConfig().getValue("gateway.subscribers.orders.url", String.class));
  }

  private static Duration gap(List<Subscribers.Arrival> attempts, int index) {
    return Duration.between(attempts.get(index).at(), attempts.get(index + 1).at());
  }
}
