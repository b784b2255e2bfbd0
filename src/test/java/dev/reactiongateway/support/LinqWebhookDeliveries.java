package dev.reactiongateway.support;

import static io.restassured.RestAssured.given;

import dev.reactiongateway.events.StandardWebhooks;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Delivers Linq webhooks to the gateway, signed the Standard Webhooks way. */
public final class LinqWebhookDeliveries {

  /** The secret of the test profiles' Linq subscription. */
  public static final String SECRET =
      "whsec_"
          + Base64.getEncoder()
              .encodeToString("test-linq-webhook-secret-32-bytes".getBytes(StandardCharsets.UTF_8));

  private LinqWebhookDeliveries() {}

  /** A {@code reaction.added} of a tapback on a message, as Linq sends it. */
  public static String reactionAdded(String eventId, String reaction) {
    return "{\"api_version\":\"v3\",\"webhook_version\":\"2026-02-03\","
        + "\"event_type\":\"reaction.added\",\"event_id\":\""
        + eventId
        + "\",\"created_at\":\"2026-02-05T19:31:13.736Z\","
        + "\"trace_id\":\"8af9171a45022df2eb74ba4e4c83be0f\",\"partner_id\":\"partner_abc123\","
        + "\"data\":{\"is_from_me\":false,\"reaction_type\":\""
        + reaction
        + "\",\"message_id\":\"550e8400-e29b-41d4-a716-446655440001\","
        + "\"chat_id\":\"550e8400-e29b-41d4-a716-446655440000\","
        + "\"from\":\"+14155559876\",\"service\":\"iMessage\"}}";
  }

  /** Posts {@code body} signed with {@link #SECRET} now. */
  public static ValidatableResponse deliver(String body) {
    return deliver(body, SECRET, Instant.now().getEpochSecond());
  }

  public static ValidatableResponse deliver(String body, String secret, long timestamp) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String id = "msg_" + UUID.randomUUID();
    return given()
        .contentType("application/json")
        .header(StandardWebhooks.ID, id)
        .header(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
        .header(
            StandardWebhooks.SIGNATURE,
            StandardWebhooks.sign(StandardWebhooks.key(secret), id, timestamp, bytes))
        .body(bytes)
        .post("/webhooks/linq")
        .then();
  }
}
