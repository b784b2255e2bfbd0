package dev.reactiongateway.core;

import dev.reactiongateway.core.resilience.FailureClassifier;
import dev.reactiongateway.core.resilience.GuardEvents;
import dev.reactiongateway.core.resilience.ProviderGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a normalised command to its provider's adapter through that provider's guard, and reads a
 * message's reactions the same way. Knows no provider by name: it asks {@link Providers}, the
 * registry of adapters, for the command's.
 */
@ApplicationScoped
public class ReactionRouter {

  private final Providers providers;
  private final Map<Provider, ProviderGuard> guards = new HashMap<>();

  public ReactionRouter(Providers providers, GuardEvents events) {
    this.providers = providers;
    FailureClassifier classifier = new FailureClassifier();
    for (Provider provider : providers.all()) {
      this.guards.put(
          provider,
          new ProviderGuard(provider, providers.adapter(provider).policy(), classifier, events));
    }
  }

  /**
   * Routes the command; {@code trail} records its attempts for the request's summary. A command its
   * message's API cannot carry is refused here, before anything is sent. The guard runs {@code
   * beforeFirstSend} once, then each attempt: admitted to the provider's permits, handed to the
   * adapter with its {@link SendPermit}, which the send gate takes at the last moment before
   * writing.
   */
  public Uni<ReactionOutcome> route(
      ReactionCommand command, CallTrail trail, BeforeFirstSend beforeFirstSend) {
    Optional<GatewayException> refusal = refusal(command.message(), command.needs());
    if (refusal.isPresent()) {
      return Uni.createFrom().failure(refusal.get());
    }
    ProviderAdapter adapter = providers.adapter(command.provider());
    return guards
        .get(command.provider())
        .call(command.operation(), trail, beforeFirstSend, permit -> adapter.send(command, permit))
        .map(receipt -> new ReactionOutcome(command, receipt));
  }

  /**
   * Reads the reactions {@code message} carries now, through its provider's guard and the reads'
   * permits; refused here, before anything is sent, when its API cannot read them. Never cached: a
   * read is "now". Nothing runs before its first send.
   */
  public Uni<MessageReactions> read(MessageRef message, String requestId, CallTrail trail) {
    Optional<GatewayException> refusal = refusal(message, Set.of(Capability.READ_REACTIONS));
    if (refusal.isPresent()) {
      return Uni.createFrom().failure(refusal.get());
    }
    ProviderAdapter adapter = providers.adapter(message.provider());
    return guards
        .get(message.provider())
        .call(
            Operation.READ,
            trail,
            BeforeFirstSend.NOTHING,
            permit -> adapter.read(message, requestId, permit));
  }

  /**
   * Why a request cannot go to its message's API (no credentials for it, or a capability it needs
   * and the API lacks); empty when it can go.
   */
  private static Optional<GatewayException> refusal(MessageRef message, Set<Capability> needs) {
    ProviderApi api = message.api();
    String name = message.provider().wireName() + " " + api.version();
    Optional<String> detail =
        api.missingCredential()
            .map(key -> name + " has no credentials on this gateway: set " + key)
            .or(
                () ->
                    needs.stream()
                        .filter(need -> !api.supports(need))
                        .findFirst()
                        .map(
                            lacking ->
                                name
                                    + " cannot "
                                    + lacking.action()
                                    + ": "
                                    + lacking.instead()
                                    + api.otherwise().map(other -> ", or " + other).orElse("")));
    return detail.map(
        why ->
            GatewayException.rejected(ErrorCode.UNSUPPORTED_OPERATION, why + "; nothing was sent")
                .involving(message.provider()));
  }

  /** The guards, one per provider, for health and metrics. */
  public Collection<ProviderGuard> guards() {
    return guards.values();
  }
}
