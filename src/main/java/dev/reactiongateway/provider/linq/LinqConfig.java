package dev.reactiongateway.provider.linq;

import dev.reactiongateway.core.resilience.ProviderPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.Secret;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@code gateway.linq.*}: where Linq is, the gateway's credentials for its v2 and v3 APIs (at least
 * one), and its policy. The credentials are {@link Secret}s: SmallRye Config hands them out through
 * this mapping only, never through the plain Config API. An empty value reads as a secret holding
 * null: unset.
 */
@ConfigMapping(prefix = "gateway.linq")
public interface LinqConfig {

  @WithDefault("https://api.linqapp.com")
  URI baseUrl();

  /** Value of {@code X-LINQ-INTEGRATION-TOKEN}, for the v2 API (integer message ids). */
  Optional<Secret<String>> integrationToken();

  /** Bearer key of the v3 API (UUID message ids). */
  Optional<Secret<String>> apiKey();

  /**
   * Secrets of Linq's webhook subscriptions ({@code whsec_<base64>}), any of which may sign a
   * delivery (several while one is rotated). None: {@code POST /webhooks/linq} answers 404.
   */
  Optional<List<Secret<String>>> webhookSecrets();

  /**
   * Whether a delivery without {@code webhook-signature} may be verified by Linq's deprecated
   * {@code X-Webhook-Signature} scheme.
   */
  @WithDefault("true")
  boolean webhookLegacySignatures();

  /** Allow a plain-http base URL (local stand-ins, tests); production requires https. */
  @WithDefault("false")
  boolean allowHttp();

  @WithParentName
  ProviderPolicy policy();
}
