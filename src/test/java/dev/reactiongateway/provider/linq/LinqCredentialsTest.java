package dev.reactiongateway.provider.linq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.core.resilience.ProviderPolicy;
import io.smallrye.config.Secret;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinqCredentialsTest {

  @Test
  void withNeitherCredentialStartupFailsNamingBothKeys() {
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () ->
                new LinqAdapter(
                    config(Optional.empty(), Optional.empty()), new ObjectMapper(), null));
    assertEquals(
        "Linq has no credentials: set gateway.linq.integration-token (v2 API, integer message ids)"
            + " or gateway.linq.api-key (v3 API, UUID message ids), or both",
        failure.getMessage());
  }

  private static LinqConfig config(
      Optional<Secret<String>> token, Optional<Secret<String>> apiKey) {
    return new LinqConfig() {
      @Override
      public URI baseUrl() {
        return URI.create("https://api.linqapp.com");
      }

      @Override
      public Optional<Secret<String>> integrationToken() {
        return token;
      }

      @Override
      public Optional<Secret<String>> apiKey() {
        return apiKey;
      }

      @Override
      public Optional<java.util.List<Secret<String>>> webhookSecrets() {
        return Optional.empty();
      }

      @Override
      public boolean webhookLegacySignatures() {
        return true;
      }

      @Override
      public boolean allowHttp() {
        return false;
      }

      @Override
      public ProviderPolicy policy() {
        throw new AssertionError("credentials are checked before anything else");
      }
    };
  }
}
