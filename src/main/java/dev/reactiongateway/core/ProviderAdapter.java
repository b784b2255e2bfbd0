package dev.reactiongateway.core;

import dev.reactiongateway.core.resilience.ProviderPolicy;
import io.smallrye.mutiny.Uni;

/**
 * The seam between the canonical core and one provider. An adapter owns its provider's name, its id
 * rule, its APIs and what each can do, its wire format, authentication and REST client; a new
 * provider is a new package with one of these.
 */
public interface ProviderAdapter {

  /** The provider's name, declared by its own package; unique among the adapters. */
  Provider provider();

  /**
   * Whether a caller may send this provider's message ids as JSON integers too (then given to
   * {@link #message} in decimal); otherwise only as strings.
   */
  boolean acceptsIntegerIds();

  /** Timeouts, retries, breaker and bulkhead for this provider, from its configuration. */
  ProviderPolicy policy();

  /**
   * Validates a caller's raw message id against this provider's rule and picks the API that serves
   * it; throws {@code invalid_message_id} (a {@link GatewayException}) when the id breaks the rule.
   */
  MessageRef message(String rawId);

  /**
   * Sends one attempt. Each subscription is a fresh attempt (signed afresh); failures arrive as
   * {@link ProviderFailure}. The request must be written only if {@code permit} allows it at the
   * last moment: the provider package's upstream client, the adapter's only way to its REST client,
   * holds it back there. Only commands that the message's {@link ProviderApi} can carry reach here.
   */
  Uni<ProviderReceipt> send(ReactionCommand command, SendPermit permit);

  /**
   * Reads the reactions a message carries now: one attempt, behind {@code permit} as {@link #send}
   * is. Only messages whose {@link ProviderApi} has {@link Capability#READ_REACTIONS} reach here,
   * so an adapter none of whose APIs declares it need not implement it.
   */
  default Uni<MessageReactions> read(MessageRef message, String requestId, SendPermit permit) {
    return Uni.createFrom()
        .failure(
            new IllegalStateException(
                provider().wireName() + " declares no API that can read a message's reactions"));
  }
}
