package dev.reactiongateway.provider.linq;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.core.Handle;
import dev.reactiongateway.core.Sticker;
import dev.reactiongateway.events.ReactionEvent;
import dev.reactiongateway.events.StandardWebhooks;
import dev.reactiongateway.events.WebhookReceiver;
import io.quarkus.runtime.Startup;
import io.smallrye.config.Secret;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Linq's v3 webhooks: verifies a delivery by the Standard Webhooks headers, or, when those are
 * absent and {@code gateway.linq.webhook-legacy-signatures} allows it, by Linq's deprecated {@code
 * X-Webhook-Signature}; and maps {@code reaction.added}, {@code reaction.removed} and {@code
 * poll.reaction.added} (a sticker placed on a poll, so a reaction added too) to the canonical
 * event. Other event types are verified and ignored.
 */
@Startup
@ApplicationScoped
class LinqWebhooks implements WebhookReceiver {

  static final String LEGACY_TIMESTAMP = "X-Webhook-Timestamp";
  static final String LEGACY_SIGNATURE = "X-Webhook-Signature";

  private static final String PROVIDER = "linq";
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final int MAX_NESTING = 64;
  private static final Set<String> TAPBACKS =
      Set.of("love", "like", "dislike", "laugh", "emphasize", "question");

  private final ObjectMapper mapper;
  private final List<byte[]> keys;
  private final List<byte[]> legacyKeys;
  private final boolean legacy;

  LinqWebhooks(LinqConfig config, ObjectMapper mapper) {
    // A webhook body may be 64 KiB, so one string in it may be too; nesting stays shallow, as the
    // whole tree is built.
    this.mapper = mapper.copy();
    this.mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(MAX_BODY_BYTES)
                .build());
    List<String> secrets =
        config.webhookSecrets().orElse(List.of()).stream().map(Secret::get).toList();
    try {
      this.keys = secrets.stream().map(StandardWebhooks::key).toList();
    } catch (IllegalArgumentException malformed) {
      throw new IllegalStateException(
          "gateway.linq.webhook-secrets: " + malformed.getMessage(), null);
    }
    // Linq's examples key the legacy HMAC with the secret as written; whether that includes the
    // whsec_ prefix is not documented (docs/events.md, "Signatures").
    this.legacyKeys =
        secrets.stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
    this.legacy = config.webhookLegacySignatures();
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public boolean enabled() {
    return !keys.isEmpty();
  }

  @Override
  public String verify(Function<String, String> header, byte[] body, Instant now) {
    String signature = header.apply(StandardWebhooks.SIGNATURE);
    if (signature == null && legacy && header.apply(LEGACY_SIGNATURE) != null) {
      return verifyLegacy(
          header.apply(LEGACY_TIMESTAMP), header.apply(LEGACY_SIGNATURE), body, now);
    }
    return StandardWebhooks.verify(
        keys,
        header.apply(StandardWebhooks.ID),
        header.apply(StandardWebhooks.TIMESTAMP),
        signature,
        body,
        now);
  }

  private String verifyLegacy(String timestamp, String signature, byte[] body, Instant now) {
    if (timestamp == null) {
      return "X-Webhook-Timestamp is required with X-Webhook-Signature";
    }
    String stale = StandardWebhooks.staleness(timestamp, now);
    if (stale != null) {
      return stale;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(signature.strip());
    } catch (IllegalArgumentException notHex) {
      return "X-Webhook-Signature must be hex";
    }
    for (byte[] key : legacyKeys) {
      if (MessageDigest.isEqual(legacyMac(key, timestamp, body), given)) {
        return null;
      }
    }
    return "X-Webhook-Signature matches no configured secret";
  }

  static byte[] legacyMac(byte[] key, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public Optional<ReactionEvent> map(byte[] body, Instant receivedAt) {
    JsonNode envelope = parse(body);
    String eventType = text(envelope, "event_type");
    String eventId = text(envelope, "event_id");
    JsonNode data = envelope.get("data");
    if (eventType == null || eventId == null || data == null || !data.isObject()) {
      throw new IllegalArgumentException(
          "not a Linq event: the body needs event_type, event_id and a data object");
    }
    String type =
        switch (eventType) {
          case "reaction.added", "poll.reaction.added" -> ReactionEvent.ADDED;
          case "reaction.removed" -> ReactionEvent.REMOVED;
          default -> null;
        };
    if (type == null) {
      return Optional.empty();
    }
    String reactionType = text(data, "reaction_type");
    String reaction = reaction(reactionType, data);
    String messageId = text(data, "message_id");
    String api = text(envelope, "api_version");
    return Optional.of(
        new ReactionEvent(
            PROVIDER + ":" + eventId,
            type,
            PROVIDER,
            api == null ? "v3" : api,
            messageId == null ? null : messageId.toLowerCase(Locale.ROOT),
            text(data, "chat_id"),
            data.path("part_index").isInt() ? data.get("part_index").intValue() : 0,
            reaction,
            "sticker".equals(reactionType) ? sticker(data.get("sticker")) : null,
            data.path("is_from_me").asBoolean(false),
            from(data),
            occurredAt(data, envelope),
            receivedAt,
            eventId,
            text(data, "reaction_id"),
            text(envelope, "trace_id")));
  }

  private JsonNode parse(byte[] body) {
    JsonNode envelope;
    try {
      envelope = mapper.readTree(body);
    } catch (IOException malformed) {
      throw new IllegalArgumentException("the body is not JSON");
    }
    if (envelope == null || !envelope.isObject()) {
      throw new IllegalArgumentException("not a Linq event: the body is not a JSON object");
    }
    return envelope;
  }

  private static String reaction(String reactionType, JsonNode data) {
    if (reactionType == null) {
      throw new IllegalArgumentException("a Linq reaction event needs data.reaction_type");
    }
    if (TAPBACKS.contains(reactionType) || "sticker".equals(reactionType)) {
      return reactionType;
    }
    if ("custom".equals(reactionType)) {
      String emoji = text(data, "custom_emoji");
      if (emoji == null) {
        throw new IllegalArgumentException("a custom Linq reaction needs data.custom_emoji");
      }
      return emoji;
    }
    throw new IllegalArgumentException(
        "data.reaction_type is not one of Linq's reaction types: " + clip(reactionType));
  }

  private static Sticker sticker(JsonNode sticker) {
    if (sticker == null || !sticker.isObject()) {
      return null;
    }
    return new Sticker(
        text(sticker, "file_name"),
        text(sticker, "mime_type"),
        sticker.path("width").isInt() ? sticker.get("width").intValue() : null,
        sticker.path("height").isInt() ? sticker.get("height").intValue() : null,
        text(sticker, "url"));
  }

  private static Handle from(JsonNode data) {
    JsonNode handle = data.get("from_handle");
    if (handle != null && handle.isObject() && text(handle, "handle") != null) {
      return new Handle(text(handle, "handle"), text(handle, "service"));
    }
    String from = text(data, "from");
    return from == null ? null : new Handle(from, text(data, "service"));
  }

  private static Instant occurredAt(JsonNode data, JsonNode envelope) {
    String at = text(data, "reacted_at");
    if (at == null) {
      at = text(envelope, "created_at");
    }
    if (at == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(at).toInstant();
    } catch (DateTimeParseException malformed) {
      throw new IllegalArgumentException("reacted_at and created_at must be RFC 3339 date-times");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** An unexpected value, shortened: it is quoted in an answer. */
  private static String clip(String value) {
    return value.length() <= 32 ? value : value.substring(0, 32) + "…";
  }
}
