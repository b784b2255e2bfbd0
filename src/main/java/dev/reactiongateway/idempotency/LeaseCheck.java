package dev.reactiongateway.idempotency;

import dev.reactiongateway.core.ReactionRouter;
import dev.reactiongateway.core.resilience.ProviderGuard;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start when a claim's lease could end while its request still runs: the lease must be
 * longer than every provider's deadline (docs/idempotency.md).
 */
@ApplicationScoped
class LeaseCheck {

  void check(@Observes StartupEvent started, IdempotencyConfig config, ReactionRouter router) {
    for (ProviderGuard guard : router.guards()) {
      if (config.lease().compareTo(guard.deadline()) <= 0) {
        throw new IllegalStateException(
            "gateway.idempotency.lease ("
                + config.lease()
                + ") must be longer than gateway."
                + guard.provider().wireName()
                + ".deadline ("
                + guard.deadline()
                + ")");
      }
    }
  }
}
