package dev.reactiongateway.standin;

import io.smallrye.config.ConfigMapping;
import java.net.URI;
import java.util.Optional;

/**
 * {@code gateway.stand-ins.linq.*}: where the Linq v3 stand-in sends its webhooks and the secret it
 * signs them with. Without both it sends none. The {@code %dev} profile points them at the
 * gateway's own {@code /webhooks/linq} and its {@code gateway.linq.webhook-secrets}.
 */
@ConfigMapping(prefix = "gateway.stand-ins.linq")
public interface LinqWebhooksConfig {

  /**
   * The {@code whsec_} secret the webhooks are signed with; of a comma-separated list, the first.
   */
  Optional<String> webhookSecret();

  /** Where the webhooks are POSTed. */
  Optional<URI> webhookUrl();
}
