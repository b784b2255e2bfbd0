package dev.reactiongateway.core;

import dev.reactiongateway.core.resilience.FailureClassifier;
import dev.reactiongateway.core.resilience.GuardEvents;
import dev.reactiongateway.core.resilience.ProviderGuard;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a normalised command to its provider's adapter through that provider's guard. Knows no
 * provider by name: adapters register themselves through the {@link ProviderAdapter} seam.
 */
@ApplicationScoped
public class ReactionRouter {

  private final Map<Provider, ProviderAdapter> adapters = new HashMap<>();
  private final Map<Provider, ProviderGuard> guards = new HashMap<>();

  public ReactionRouter(@All List<ProviderAdapter> adapters, GuardEvents events) {
    FailureClassifier classifier = new FailureClassifier();
    for (ProviderAdapter adapter : adapters) {
      this.adapters.put(adapter.provider(), adapter);
      this.guards.put(
          adapter.provider(),
          new ProviderGuard(adapter.provider(), adapter.policy(), classifier, events));
    }
  }

  /**
   * Routes the command; {@code trail} records its attempts for the request's summary. A command its
   * message's API cannot carry is refused here, before anything is sent.
   */
  public Uni<ReactionOutcome> route(ReactionCommand command, CallTrail trail) {
    Optional<GatewayException> refusal = refusal(command);
    if (refusal.isPresent()) {
      return Uni.createFrom().failure(refusal.get());
    }
    ProviderAdapter adapter = adapters.get(command.provider());
    return guards
        .get(command.provider())
        .call(command.operation(), trail, permit -> adapter.send(command, permit))
        .map(receipt -> new ReactionOutcome(command, receipt));
  }

  /**
   * Why the command cannot go to its message's API (no credentials for it, or a capability it
   * lacks); empty when it can go.
   */
  private static Optional<GatewayException> refusal(ReactionCommand command) {
    ProviderApi api = command.message().api();
    String name = command.provider().wireName() + " " + api.version();
    Optional<String> detail =
        api.missingCredential()
            .map(key -> name + " has no credentials on this gateway: set " + key)
            .or(
                () ->
                    command.needs().stream()
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
                .involving(command.provider()));
  }

  /** The guards, one per provider, for health and metrics. */
  public Collection<ProviderGuard> guards() {
    return guards.values();
  }
}
