package dev.reactiongateway.events.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.events.EventSignals;
import dev.reactiongateway.events.EventStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What the delivery tests share: events to record, and the subscriber's side of a delivery. */
final class Deliveries {

  private Deliveries() {}

  /** A canonical event as the store keeps it, received now. */
  record Event(String id, byte[] json) {}

  static Event event(String provider, String type) {
    return event(provider, type, Instant.now());
  }

  static Event event(String provider, String type, Instant receivedAt) {
    String eventId = UUID.randomUUID().toString();
    String id = provider + ":" + eventId;
    String json =
        "{\"id\":\""
            + id
            + "\",\"type\":\""
            + type
            + "\",\"provider\":\""
            + provider
            + "\",\"api\":\"v3\",\"messageId\":\""
            + UUID.randomUUID()
            + "\",\"chatId\":\"c-1\",\"partIndex\":0,\"reaction\":\"🔥\",\"sticker\":null,"
            + "\"isFromMe\":false,\"from\":{\"handle\":\"+14155559876\",\"service\":\"iMessage\"},"
            + "\"occurredAt\":\"2026-02-05T19:31:12Z\",\"receivedAt\":\""
            + receivedAt
            + "\",\"providerEventId\":\""
            + eventId
            + "\",\"providerReactionId\":null,\"providerTraceId\":null}";
    return new Event(id, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Records the event as the webhook receiver does: in the store, then the signal. */
  static Event record(EventStore store, EventSignals signals, Event event) {
    EventStore.Recorded recorded =
        store.record(event.id(), event.json()).await().atMost(Duration.ofSeconds(5));
    signals.recorded(recorded.position());
    return event;
  }

  /**
   * Checks a delivery's Standard Webhooks headers the way a subscriber would, with its own HMAC:
   * {@code v1,} base64 of HMAC-SHA256 over {@code id.timestamp.body}, keyed with the secret's
   * base64-decoded part.
   */
  static void assertSigned(Subscribers.Arrival arrival, String secret, String id) throws Exception {
    assertEquals(id, arrival.header("webhook-id"));
    long timestamp = Long.parseLong(arrival.header("webhook-timestamp"));
    assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) <= 300, "within 5 minutes");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(arrival.body()));
    assertEquals(expected, arrival.header("webhook-signature"));
  }

  /** Waits, polling, until the condition holds; fails after the time allowed. */
  static void eventually(Duration allowed, String what, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + allowed.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            "not within " + allowed + ": " + what + " (machine time " + Instant.now() + ")");
      }
      Thread.sleep(20);
    }
  }
}
