package dev.reactiongateway.provider.chert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.core.resilience.ProviderPolicy;
import io.smallrye.config.Secret;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChertAuthenticationTest {

  @Test
  void withoutCredentialsStartupFailsNamingTheKeys() {
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class, () -> ChertAuthentication.from(config(null, null, null)));
    assertTrue(failure.getMessage().contains("gateway.chert.signing-secret"));
    assertTrue(failure.getMessage().contains("gateway.chert.api-token"));
  }

  @Test
  void hmacModeNeedsATenant() {
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> ChertAuthentication.from(config(null, "secret", null)));
    assertTrue(failure.getMessage().contains("gateway.chert.tenant"));
  }

  @Test
  void theSigningSecretWinsOverAToken() {
    ChertAuthentication.Headers headers =
        ChertAuthentication.from(config("t", "secret", "token")).headersFor(1, new byte[0]);
    assertTrue(headers.signature().startsWith("v1,1,"));
    assertNull(headers.authorization());
  }

  @Test
  void anEmptySigningSecretIsUnset() {
    // SmallRye Config maps an empty value of an Optional<Secret<String>> to a secret holding null.
    ChertConfig empty = mapped("t", Optional.of(() -> null), "token");
    ChertAuthentication.Headers headers =
        ChertAuthentication.from(empty).headersFor(1, new byte[0]);
    assertNull(headers.signature());
    assertEquals("Bearer token", headers.authorization());
  }

  @Test
  void itsStringFormNamesTheModeButNoSecret() {
    String shown = ChertAuthentication.from(config("t", "s3cr3t-value", null)).toString();
    assertTrue(shown.contains("hmac") && !shown.contains("s3cr3t-value"), shown);
  }

  private static ChertConfig config(String tenant, String secret, String token) {
    return mapped(tenant, Optional.ofNullable(secret).<Secret<String>>map(s -> () -> s), token);
  }

  private static ChertConfig mapped(
      String tenant, Optional<Secret<String>> signingSecret, String token) {
    return new ChertConfig() {
      @Override
      public URI baseUrl() {
        return URI.create("https://console.trychert.com");
      }

      @Override
      public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
      }

      @Override
      public Optional<Secret<String>> signingSecret() {
        return signingSecret;
      }

      @Override
      public Optional<Secret<String>> apiToken() {
        return Optional.ofNullable(token).map(t -> () -> t);
      }

      @Override
      public boolean allowHttp() {
        return false;
      }

      @Override
      public ProviderPolicy policy() {
        throw new UnsupportedOperationException();
      }
    };
  }
}
