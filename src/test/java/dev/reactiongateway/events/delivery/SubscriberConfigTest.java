package dev.reactiongateway.events.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.Secret;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriberConfigTest {

  static final List<String> PROVIDERS = List.of("chert", "linq");

  record Config(String url, String key, Set<String> types, Optional<Set<String>> providers)
      implements DeliveryConfig.SubscriberConfig {
    @Override
    public Secret<String> secret() {
      return () -> key;
    }
  }

  static String secret(int bytes) {
    byte[] key = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      key[i] = (byte) (i * 7 + 1);
    }
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  static Config config(String url, String secret) {
    return new Config(url, secret, Set.of("reaction.added", "reaction.removed"), Optional.empty());
  }

  static String failure(Config config) {
    return assertThrows(
            IllegalStateException.class, () -> Subscriber.of("orders", config, PROVIDERS))
        .getMessage();
  }

  @Test
  void aValidSubscriberSelectsEveryTypeAndProviderByDefault() {
    Subscriber subscriber =
        Subscriber.of("orders", config("https://orders.internal/hooks?v=1", secret(32)), PROVIDERS);
    assertEquals(URI.create("https://orders.internal/hooks?v=1"), subscriber.url());
    assertArrayEquals(Base64.getDecoder().decode(secret(32).substring(6)), subscriber.key());
    assertTrue(subscriber.selects("reaction.added", "linq"));
    assertTrue(subscriber.selects("reaction.removed", "chert"));
    assertFalse(subscriber.selects("message.sent", "linq"));
  }

  @Test
  void typesAndProvidersNarrowWhatIsSelected() {
    Subscriber subscriber =
        Subscriber.of(
            "orders",
            new Config(
                "http://orders:8080/",
                secret(24),
                Set.of("reaction.added"),
                Optional.of(Set.of(" Linq"))),
            PROVIDERS);
    assertTrue(subscriber.selects("reaction.added", "linq"));
    assertFalse(subscriber.selects("reaction.removed", "linq"));
    assertFalse(subscriber.selects("reaction.added", "chert"));
  }

  @Test
  void aSecretOutsideTwentyFourToSixtyFourBytesFailsNamingTheKeyNotTheSecret() {
    assertTrue(
        Subscriber.of("orders", config("http://o/", secret(64)), PROVIDERS).key().length == 64);
    for (String bad :
        List.of(secret(23), secret(65), "whsec_not base64!", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0")) {
      String message = failure(config("http://o/", bad));
      assertTrue(message.startsWith("gateway.subscribers.\"orders\".secret"), message);
      assertFalse(message.contains(bad), message);
      assertFalse(message.contains(bad.substring(Math.min(6, bad.length()))), message);
    }
  }

  @Test
  void aUrlMustBeHttpOrHttpsWithAHost() {
    for (String bad :
        List.of(
            "ftp://orders/",
            "orders.internal/hooks",
            "https://user:pw@orders/",
            "http://o/#x",
            "::")) {
      assertTrue(
          failure(config(bad, secret(32))).startsWith("gateway.subscribers.\"orders\".url"), bad);
    }
  }

  @Test
  void unknownTypesAndProvidersFailNamingTheirKey() {
    assertTrue(
        failure(
                new Config(
                    "http://o/",
                    secret(32),
                    Set.of("reaction.added", "message.sent"),
                    Optional.empty()))
            .startsWith("gateway.subscribers.\"orders\".types"));
    assertTrue(
        failure(
                new Config(
                    "http://o/",
                    secret(32),
                    Set.of("reaction.added"),
                    Optional.of(Set.of("whatsapp"))))
            .startsWith("gateway.subscribers.\"orders\".providers"));
  }
}
