package dev.reactiongateway.ops;

import dev.reactiongateway.core.ReactionRouter;
import dev.reactiongateway.core.resilience.ProviderGuard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Gauges read from each provider's guard: breaker state and bulkhead occupancy. */
@ApplicationScoped
class GuardGauges {

  void register(@Observes StartupEvent start, ReactionRouter router, MeterRegistry registry) {
    for (ProviderGuard guard : router.guards()) {
      String provider = guard.provider().wireName();
      for (CircuitBreakerState state : CircuitBreakerState.values()) {
        Gauge.builder("gateway.breaker.state", guard, g -> g.breakerState() == state ? 1 : 0)
            .description("1 for the circuit breaker's current state")
            .tags("provider", provider, "state", GatewayMetrics.stateName(state))
            .register(registry);
      }
      Gauge.builder("gateway.bulkhead.in.use", guard, ProviderGuard::running)
          .description("Upstream attempts holding a bulkhead permit")
          .tag("provider", provider)
          .register(registry);
      Gauge.builder("gateway.bulkhead.queued", guard, ProviderGuard::queued)
          .description("Upstream attempts waiting for a bulkhead permit")
          .tag("provider", provider)
          .register(registry);
    }
  }
}
