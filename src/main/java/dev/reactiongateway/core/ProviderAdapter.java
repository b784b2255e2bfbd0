package dev.reactiongateway.core;

import dev.reactiongateway.core.resilience.ProviderPolicy;
import io.smallrye.mutiny.Uni;

/**
 * The seam between the canonical core and one provider. An adapter owns its provider's wire format,
 * authentication and REST client; a new provider is a new package with one of these.
 */
public interface ProviderAdapter {

  Provider provider();

  /** Timeouts, retries, breaker and bulkhead for this provider, from its configuration. */
  ProviderPolicy policy();

  /** Whether the provider documents this operation at all; unsupported ones are never sent. */
  boolean supports(Operation operation);

  /**
   * Sends one attempt. Each subscription is a fresh attempt (signed afresh); failures arrive as
   * {@link ProviderFailure}. The request must be written only if {@code permit} allows it at the
   * last moment.
   */
  Uni<ProviderReceipt> send(ReactionCommand command, SendPermit permit);
}
