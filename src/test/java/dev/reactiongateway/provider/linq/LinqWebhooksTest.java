package dev.reactiongateway.provider.linq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.core.Handle;
import dev.reactiongateway.core.Sticker;
import dev.reactiongateway.core.resilience.ProviderPolicy;
import dev.reactiongateway.events.ReactionEvent;
import dev.reactiongateway.events.StandardWebhooks;
import io.smallrye.config.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Verification of Linq's deliveries against the Standard Webhooks specification's published vector
 * and an HMAC computed here from its definition (RFC 2104 over SHA-256, not through {@code
 * javax.crypto.Mac}), and the mapping of Linq's reaction payloads to the canonical event.
 */
class LinqWebhooksTest {

  // The Standard Webhooks specification's published example.
  private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SPEC_TIMESTAMP = 1614265330;
  private static final String SPEC_BODY = "{\"test\": 2432232314}";
  private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static final String OTHER_SECRET =
      "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
  private static final Instant RECEIVED = Instant.parse("2026-02-05T19:31:13.912Z");

  private static LinqWebhooks receiver(List<String> secrets, boolean legacy) {
    return new LinqWebhooks(config(secrets, legacy), new ObjectMapper());
  }

  private static LinqWebhooks receiver() {
    return receiver(List.of(OTHER_SECRET, SPEC_SECRET), true);
  }

  @Test
  void signsTheSpecificationsPublishedVector() {
    byte[] key = StandardWebhooks.key(SPEC_SECRET);
    assertEquals(
        SPEC_SIGNATURE, StandardWebhooks.sign(key, SPEC_ID, SPEC_TIMESTAMP, bytes(SPEC_BODY)));
    assertNull(verify(receiver(), standard(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE), SPEC_BODY));
  }

  @Test
  void agreesWithAnHmacComputedFromItsDefinition() {
    String body = "{\"event_type\":\"reaction.added\",\"emoji\":\"🔥\"}";
    String expected =
        "v1,"
            + Base64.getEncoder()
                .encodeToString(
                    hmacSha256(
                        Base64.getDecoder().decode(SPEC_SECRET.substring(6)),
                        bytes("evt_1." + SPEC_TIMESTAMP + "." + body)));
    assertEquals(
        expected,
        StandardWebhooks.sign(
            StandardWebhooks.key(SPEC_SECRET), "evt_1", SPEC_TIMESTAMP, bytes(body)));
    assertNull(verify(receiver(), standard("evt_1", SPEC_TIMESTAMP, expected), body));
  }

  @Test
  void anyEntryMatchingAnyConfiguredSecretVerifiesDuringARotation() {
    String signatures = "v1a,ignoredEd25519== v1,bm90IHRoaXMgb25l " + SPEC_SIGNATURE;
    assertNull(verify(receiver(), standard(SPEC_ID, SPEC_TIMESTAMP, signatures), SPEC_BODY));
    assertNotNull(
        verify(
            receiver(List.of(OTHER_SECRET), true),
            standard(SPEC_ID, SPEC_TIMESTAMP, signatures),
            SPEC_BODY));
  }

  @Test
  void aChangedBodyIdOrTimestampFails() {
    assertNotNull(
        verify(receiver(), standard(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE), SPEC_BODY + " "));
    assertNotNull(
        verify(receiver(), standard("msg_other", SPEC_TIMESTAMP, SPEC_SIGNATURE), SPEC_BODY));
  }

  @Test
  void timestampsMoreThanFiveMinutesAwayEitherWayFail() {
    LinqWebhooks receiver = receiver();
    byte[] key = StandardWebhooks.key(SPEC_SECRET);
    for (long offset : new long[] {-301, 301}) {
      long at = SPEC_TIMESTAMP + offset;
      String signature = StandardWebhooks.sign(key, SPEC_ID, at, bytes(SPEC_BODY));
      String why = verify(receiver, standard(SPEC_ID, at, signature), SPEC_BODY);
      assertTrue(why.contains("5 minutes"), why);
    }
    long within = SPEC_TIMESTAMP + 300;
    String signature = StandardWebhooks.sign(key, SPEC_ID, within, bytes(SPEC_BODY));
    assertNull(verify(receiver, standard(SPEC_ID, within, signature), SPEC_BODY));
  }

  @Test
  void aMissingHeaderFails() {
    Map<String, String> headers = standard(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE);
    headers.remove(StandardWebhooks.ID);
    assertNotNull(verify(receiver(), headers, SPEC_BODY));
    assertNotNull(verify(receiver(), new TreeMap<>(String.CASE_INSENSITIVE_ORDER), SPEC_BODY));
  }

  @Test
  void theLegacySchemeIsHexHmacOfTimestampAndBodyKeyedWithTheSecretAsWritten() {
    String body = "{\"event_type\":\"reaction.added\"}";
    String hex =
        HexFormat.of()
            .formatHex(hmacSha256(bytes(SPEC_SECRET), bytes(SPEC_TIMESTAMP + "." + body)));

    assertNull(verify(receiver(), legacy(SPEC_TIMESTAMP, hex), body));
    assertNotNull(verify(receiver(List.of(SPEC_SECRET), false), legacy(SPEC_TIMESTAMP, hex), body));
    assertNotNull(verify(receiver(), legacy(SPEC_TIMESTAMP + 301, hex), body));
    assertNotNull(verify(receiver(), legacy(SPEC_TIMESTAMP, "00" + hex.substring(2)), body));
    assertNotNull(verify(receiver(), legacy(SPEC_TIMESTAMP, "not hex"), body));
  }

  @Test
  void theLegacySchemeIsNotConsultedWhenAStandardSignatureIsSent() {
    String body = "{}";
    Map<String, String> headers =
        legacy(
            SPEC_TIMESTAMP,
            HexFormat.of()
                .formatHex(hmacSha256(bytes(SPEC_SECRET), bytes(SPEC_TIMESTAMP + "." + body))));
    headers.putAll(standard(SPEC_ID, SPEC_TIMESTAMP, "v1,bm90IHRoaXMgb25l"));
    assertNotNull(verify(receiver(), headers, body));
  }

  @Test
  void aSecretWithoutItsPrefixStopsTheStart() {
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> receiver(List.of("plain-secret"), true));
    assertTrue(failure.getMessage().startsWith("gateway.linq.webhook-secrets"));
    assertFalse(failure.getMessage().contains("plain-secret"));
    assertFalse(receiver(List.of(), true).enabled());
    assertTrue(receiver().enabled());
  }

  // The normalisation table.

  private static final String ENVELOPE =
      "{\"api_version\":\"v3\",\"webhook_version\":\"2026-02-03\",\"event_type\":\"%s\","
          + "\"event_id\":\"7f9c2e4a-1b3d-4c5e-9f60-2a8b7c6d5e41\","
          + "\"created_at\":\"2026-02-05T19:31:13.736Z\","
          + "\"trace_id\":\"8af9171a45022df2eb74ba4e4c83be0f\",\"partner_id\":\"partner_abc123\","
          + "\"data\":%s}";

  private static ReactionEvent map(String eventType, String data) {
    return receiver().map(bytes(String.format(ENVELOPE, eventType, data)), RECEIVED).orElseThrow();
  }

  @Test
  void aTapbackFromAHandleObject() {
    ReactionEvent event =
        map(
            "reaction.added",
            "{\"is_from_me\":false,\"reaction_type\":\"love\","
                + "\"chat_id\":\"550e8400-e29b-41d4-a716-446655440000\","
                + "\"message_id\":\"550E8400-E29B-41D4-A716-446655440001\",\"part_index\":2,"
                + "\"from_handle\":{\"id\":\"h1\",\"handle\":\"+14155559876\","
                + "\"joined_at\":\"2026-01-01T00:00:00Z\",\"service\":\"iMessage\"},"
                + "\"from\":\"+19999999999\",\"service\":\"SMS\","
                + "\"reacted_at\":\"2026-02-05T19:31:12Z\","
                + "\"reaction_id\":\"3d1f0c2b-8e7a-4b6c-9d5e-1f2a3b4c5d6e\"}");

    assertEquals(
        new ReactionEvent(
            "linq:7f9c2e4a-1b3d-4c5e-9f60-2a8b7c6d5e41",
            "reaction.added",
            "linq",
            "v3",
            "550e8400-e29b-41d4-a716-446655440001",
            "550e8400-e29b-41d4-a716-446655440000",
            2,
            "love",
            null,
            false,
            new Handle("+14155559876", "iMessage"),
            Instant.parse("2026-02-05T19:31:12Z"),
            RECEIVED,
            "7f9c2e4a-1b3d-4c5e-9f60-2a8b7c6d5e41",
            "3d1f0c2b-8e7a-4b6c-9d5e-1f2a3b4c5d6e",
            "8af9171a45022df2eb74ba4e4c83be0f"),
        event);
  }

  @Test
  void aCustomReactionIsItsEmojiAndTheDeprecatedFromTakesTheMessagesService() {
    ReactionEvent event =
        map(
            "reaction.removed",
            "{\"is_from_me\":true,\"reaction_type\":\"custom\",\"custom_emoji\":\"🔥\","
                + "\"from\":\"+14155559876\",\"service\":\"SMS\"}");

    assertEquals("reaction.removed", event.type());
    assertEquals("🔥", event.reaction());
    assertTrue(event.isFromMe());
    assertEquals(new Handle("+14155559876", "SMS"), event.from());
    assertEquals(0, event.partIndex());
    assertNull(event.messageId());
    assertNull(event.providerReactionId());
    assertEquals(Instant.parse("2026-02-05T19:31:13.736Z"), event.occurredAt(), "created_at");
  }

  @Test
  void aStickerCarriesItsObjectAndNoReactorIsNull() {
    ReactionEvent event =
        map(
            "poll.reaction.added",
            "{\"is_from_me\":false,\"reaction_type\":\"sticker\",\"custom_emoji\":null,"
                + "\"sticker\":{\"file_name\":\"s.png\",\"mime_type\":\"image/png\","
                + "\"width\":300,\"height\":200,\"url\":\"https://cdn.example/s.png\"}}");

    assertEquals("reaction.added", event.type());
    assertEquals("sticker", event.reaction());
    assertEquals(
        new Sticker("s.png", "image/png", 300, 200, "https://cdn.example/s.png"), event.sticker());
    assertNull(event.from());
    assertEquals(
        new Sticker(null, null, null, null, null),
        map("reaction.added", "{\"reaction_type\":\"sticker\",\"sticker\":{}}").sticker());
  }

  @Test
  void aFromWithoutServiceHasANullService() {
    assertEquals(
        new Handle("a@example.com", null),
        map("reaction.added", "{\"reaction_type\":\"like\",\"from\":\"a@example.com\"}").from());
  }

  @Test
  void otherEventTypesAreIgnored() {
    assertEquals(
        Optional.empty(),
        receiver().map(bytes(String.format(ENVELOPE, "message.received", "{\"x\":1}")), RECEIVED));
  }

  @Test
  void whatIsNotALinqEventIsRefusedSayingWhy() {
    LinqWebhooks receiver = receiver();
    for (String body :
        List.of(
            "not json",
            "[1]",
            "{\"event_type\":\"reaction.added\",\"data\":{}}",
            "{\"event_type\":\"reaction.added\",\"event_id\":\"e\",\"data\":\"x\"}")) {
      assertThrows(IllegalArgumentException.class, () -> receiver.map(bytes(body), RECEIVED), body);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> map("reaction.added", "{\"reaction_type\":\"custom\"}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> map("reaction.added", "{\"reaction_type\":\"wink\"}"));
  }

  private static String verify(LinqWebhooks receiver, Map<String, String> headers, String body) {
    Function<String, String> header = headers::get;
    return receiver.verify(header, bytes(body), Instant.ofEpochSecond(SPEC_TIMESTAMP));
  }

  private static Map<String, String> standard(String id, long timestamp, String signature) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put("webhook-signature", signature);
    return headers;
  }

  private static Map<String, String> legacy(long timestamp, String hex) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("X-Webhook-Timestamp", Long.toString(timestamp));
    headers.put("X-Webhook-Signature", hex);
    return headers;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** HMAC-SHA256 by its definition (RFC 2104): H((K ^ opad) || H((K ^ ipad) || message)). */
  private static byte[] hmacSha256(byte[] key, byte[] message) {
    try {
      int block = 64;
      byte[] padded = new byte[block];
      byte[] k = key.length > block ? MessageDigest.getInstance("SHA-256").digest(key) : key;
      System.arraycopy(k, 0, padded, 0, k.length);
      byte[] inner = new byte[block];
      byte[] outer = new byte[block];
      for (int i = 0; i < block; i++) {
        inner[i] = (byte) (padded[i] ^ 0x36);
        outer[i] = (byte) (padded[i] ^ 0x5c);
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(inner);
      byte[] innerHash = sha.digest(message);
      sha.update(outer);
      return sha.digest(innerHash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static LinqConfig config(List<String> secrets, boolean legacy) {
    return new LinqConfig() {
      @Override
      public URI baseUrl() {
        return URI.create("https://api.linqapp.com");
      }

      @Override
      public Optional<Secret<String>> integrationToken() {
        return Optional.empty();
      }

      @Override
      public Optional<Secret<String>> apiKey() {
        return Optional.empty();
      }

      @Override
      public Optional<List<Secret<String>>> webhookSecrets() {
        return Optional.of(secrets.stream().<Secret<String>>map(s -> () -> s).toList());
      }

      @Override
      public boolean webhookLegacySignatures() {
        return legacy;
      }

      @Override
      public boolean allowHttp() {
        return true;
      }

      @Override
      public ProviderPolicy policy() {
        return null;
      }
    };
  }
}
