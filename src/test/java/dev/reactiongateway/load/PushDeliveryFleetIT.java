package dev.reactiongateway.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.events.StandardWebhooks;
import dev.reactiongateway.events.delivery.Subscribers;
import dev.reactiongateway.support.LinqWebhookDeliveries;
import dev.reactiongateway.support.LocalRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged gateways on one Redis push to the same subscribers: each event reaches each
 * subscriber once in the normal case, and what a replica was delivering when it was killed is
 * delivered by the other within the lease, nothing lost.
 */
class PushDeliveryFleetIT {

  static final Duration LEASE = Duration.ofSeconds(4);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static final String PREFIX = "{reaction-gateway-test:" + UUID.randomUUID() + "}:";

  static CountingProvider provider;
  static Subscribers subscribers;
  static Map<String, String> config;
  static Replica first;
  static Replica second;

  @BeforeAll
  static void startTheFirstReplica() throws Exception {
    LocalRedis.assumeAvailable();
    provider = new CountingProvider();
    config = new HashMap<>(provider.start());
    subscribers = new Subscribers();
    String base = subscribers.start().get("test.subscribers.base-url");
    config.put("gateway.events.store", "redis");
    config.put("gateway.events.redis-key-prefix", PREFIX);
    config.put("quarkus.redis.hosts", LocalRedis.URL);
    config.put("gateway.linq.webhook-secrets", LinqWebhookDeliveries.SECRET);
    config.put("gateway.subscribers.orders.url", base + "/ok/orders");
    config.put("gateway.subscribers.orders.secret", secret());
    // Hangs on each event's first attempt: the attempt a killed replica leaves unfinished.
    config.put("gateway.subscribers.held.url", base + "/hang-once/held");
    config.put("gateway.subscribers.held.secret", secret());
    config.put("gateway.subscribers.held.types", "reaction.removed");
    config.put("gateway.delivery.lease", LEASE.toSeconds() + "s");
    config.put("gateway.delivery.timeout", "60s");
    config.put("quarkus.shutdown.delay-enabled", "false");
    first = Replica.start(config);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Replica replica : new Replica[] {first, second}) {
      if (replica != null) {
        replica.close();
      }
    }
    if (subscribers != null) {
      subscribers.stop();
    }
    if (provider != null) {
      provider.stop();
    }
    LocalRedis.deleteKeys(PREFIX);
  }

  @Test
  void eachEventReachesEachSubscriberOnceAndADeadReplicasAttemptsAreTakenOverWithinTheLease()
      throws Exception {
    // The first replica, alone, takes an event for "held", whose subscriber never answers it.
    String held = post(first, "reaction.removed");
    eventually(
        Duration.ofSeconds(30),
        "the first replica attempts the held event",
        () -> subscribers.arrivals("/hang-once/held", held).size() == 1);

    second = Replica.start(config);
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      added.add(post(i % 2 == 0 ? first : second, "reaction.added"));
    }
    eventually(
        Duration.ofSeconds(30),
        "every event delivered to orders",
        () -> added.stream().allMatch(id -> !subscribers.arrivals("/ok/orders", id).isEmpty()));
    // Long enough for any event handed to both replicas to have reached the subscriber twice.
    Thread.sleep(2 * LEASE.toMillis());
    for (String id : added) {
      assertEquals(1, subscribers.arrivals("/ok/orders", id).size(), id + " delivered once");
    }
    assertEquals(1, subscribers.arrivals("/hang-once/held", held).size(), "held by the first");

    // Events recorded on the first replica just before it dies, then the crash.
    List<String> last = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      last.add(post(first, "reaction.added"));
    }
    first.kill();
    Instant killed = Instant.now();
    eventually(
        Duration.ofSeconds(30),
        "the second replica delivers the held event",
        () -> subscribers.arrivals("/hang-once/held", held).size() == 2);
    Duration takeover =
        Duration.between(killed, subscribers.arrivals("/hang-once/held", held).get(1).at());
    assertTrue(takeover.compareTo(LEASE) <= 0, "taken over after " + takeover);
    eventually(
        Duration.ofSeconds(30),
        "nothing recorded before the crash is lost",
        () -> last.stream().allMatch(id -> !subscribers.arrivals("/ok/orders", id).isEmpty()));
  }

  /** Records a Linq reaction event through a replica's signed webhook; answers the event's id. */
  private static String post(Replica replica, String type) throws Exception {
    String linqId = UUID.randomUUID().toString();
    byte[] body =
        LinqWebhookDeliveries.reactionAdded(linqId, "love")
            .replace("\"reaction.added\"", "\"" + type + "\"")
            .getBytes(StandardCharsets.UTF_8);
    String messageId = "msg_" + UUID.randomUUID();
    long now = Instant.now().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/webhooks/linq"))
            .header("Content-Type", "application/json")
            .header(StandardWebhooks.ID, messageId)
            .header(StandardWebhooks.TIMESTAMP, Long.toString(now))
            .header(
                StandardWebhooks.SIGNATURE,
                StandardWebhooks.sign(
                    StandardWebhooks.key(LinqWebhookDeliveries.SECRET), messageId, now, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(204, answer.statusCode(), answer.body());
    return "linq:" + linqId;
  }

  private static String secret() {
    return "whsec_"
        + java.util.Base64.getEncoder()
            .encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static void eventually(Duration allowed, String what, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + allowed.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + allowed + ": " + what);
      }
      Thread.sleep(20);
    }
  }
}
