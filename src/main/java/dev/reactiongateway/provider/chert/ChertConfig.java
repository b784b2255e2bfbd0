package dev.reactiongateway.provider.chert;

import dev.reactiongateway.core.resilience.ProviderPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.Secret;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.net.URI;
import java.util.Optional;

/**
 * {@code gateway.chert.*}: where Chert is, how the gateway authenticates, and its policy. The
 * credentials are {@link Secret}s: SmallRye Config hands them out through this mapping only, never
 * through the plain Config API. An empty value reads as a secret holding null: unset.
 */
@ConfigMapping(prefix = "gateway.chert")
public interface ChertConfig {

  @WithDefault("https://console.trychert.com")
  URI baseUrl();

  /** Value of {@code x-chert-tenant}; required in HMAC mode. */
  Optional<String> tenant();

  /** HMAC v1 signing secret; when set, requests are signed (HMAC mode). */
  Optional<Secret<String>> signingSecret();

  /** Bearer token, used only when no signing secret is set (bearer mode). */
  Optional<Secret<String>> apiToken();

  /** Allow a plain-http base URL (local stand-ins, tests); production requires https. */
  @WithDefault("false")
  boolean allowHttp();

  @WithParentName
  ProviderPolicy policy();
}
