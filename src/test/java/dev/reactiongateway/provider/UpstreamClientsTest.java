package dev.reactiongateway.provider;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamClientsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://console.trychert.com",
        "file:///etc/passwd",
        "https://user:pass@console.trychert.com",
        "https://console.trychert.com?x=1",
        "https://console.trychert.com#f",
        "console.trychert.com"
      })
  void baseUrlsOtherThanPlainHttpsAreRefusedAtStartup(String url) {
    assertThrows(
        IllegalStateException.class,
        () -> UpstreamClients.validate("gateway.chert.base-url", URI.create(url), true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8080", "http://10.0.0.1"})
  void plainHttpNeedsAnExplicitAllowance(String url) {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> UpstreamClients.validate("gateway.linq.base-url", URI.create(url), false));
    assertTrue(refused.getMessage().contains("gateway.linq.allow-http=true"), refused.getMessage());
    assertDoesNotThrow(
        () -> UpstreamClients.validate("gateway.linq.base-url", URI.create(url), true));
  }
}
