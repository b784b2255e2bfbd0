package dev.reactiongateway.standin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.Secret;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;

/**
 * {@code gateway.stand-ins.*}: whether the stand-ins are built in, and where the Linq v3 stand-in
 * sends its webhooks, signed with which secret.
 */
@ConfigMapping(prefix = "gateway.stand-ins")
public interface StandInsConfig {

  /**
   * Build time: the stand-ins are built in only when true ({@code @IfBuildProperty}). Mapped here
   * as well so that the key is a known one when the configuration is validated at run time.
   */
  @WithDefault("false")
  boolean enabled();

  /** The Linq v3 stand-in's webhooks. */
  Linq linq();

  /**
   * {@code gateway.stand-ins.linq.*}: without both a URL and a secret, the stand-in sends no
   * webhooks. The {@code %dev} profile points them at the gateway's own {@code /webhooks/linq} and
   * its {@code gateway.linq.webhook-secrets}.
   */
  interface Linq {

    /**
     * The {@code whsec_} secret the webhooks are signed with; of a comma-separated list, the first.
     * A {@link Secret}: SmallRye Config hands it out through this mapping only.
     */
    Optional<Secret<String>> webhookSecret();

    /** Where the webhooks are POSTed. */
    Optional<URI> webhookUrl();
  }
}
