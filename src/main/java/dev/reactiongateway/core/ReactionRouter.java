package dev.reactiongateway.core;

import dev.reactiongateway.core.resilience.FailureClassifier;
import dev.reactiongateway.core.resilience.GuardEvents;
import dev.reactiongateway.core.resilience.ProviderGuard;
import io.quarkus.arc.All;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a normalised command to its provider's adapter through that provider's guard. Knows no
 * provider by name: adapters register themselves through the {@link ProviderAdapter} seam.
 */
@ApplicationScoped
public class ReactionRouter {

  private final Map<Provider, ProviderAdapter> adapters = new EnumMap<>(Provider.class);
  private final Map<Provider, ProviderGuard> guards = new EnumMap<>(Provider.class);

  public ReactionRouter(@All List<ProviderAdapter> adapters, GuardEvents events) {
    FailureClassifier classifier = new FailureClassifier();
    for (ProviderAdapter adapter : adapters) {
      this.adapters.put(adapter.provider(), adapter);
      this.guards.put(
          adapter.provider(),
          new ProviderGuard(adapter.provider(), adapter.policy(), classifier, events));
    }
  }

  /** Routes the command; {@code trail} records its attempts for the request's summary. */
  public Uni<ReactionOutcome> route(ReactionCommand command, CallTrail trail) {
    ProviderAdapter adapter = adapters.get(command.provider());
    if (!adapter.supports(command.operation())) {
      return Uni.createFrom()
          .failure(
              new GatewayException(
                      ErrorCode.UNSUPPORTED_OPERATION,
                      command.provider().wireName()
                          + " does not support '"
                          + command.operation().wireName()
                          + "'; nothing was sent")
                  .involving(command.provider()));
    }
    return guards
        .get(command.provider())
        .call(command.operation(), trail, permit -> adapter.send(command, permit))
        .map(receipt -> new ReactionOutcome(command, receipt));
  }

  /** The guards, one per provider, for health and metrics. */
  public Collection<ProviderGuard> guards() {
    return guards.values();
  }
}
