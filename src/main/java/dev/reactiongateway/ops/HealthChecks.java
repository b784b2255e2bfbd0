package dev.reactiongateway.ops;

import dev.reactiongateway.core.ReactionRouter;
import dev.reactiongateway.core.resilience.ProviderGuard;
import dev.reactiongateway.events.EventStore;
import dev.reactiongateway.idempotency.Idempotency;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * Readiness reflects only the gateway's own ability to serve: a provider outage answers callers
 * with 502s but must never take every pod out of the Service. Breaker states are reported as data.
 */
public final class HealthChecks {

  private HealthChecks() {}

  /** Up when {@code ping} answers within a second; down with the failure's kind otherwise. */
  private static Uni<HealthCheckResponse> answers(String check, String store, Uni<?> ping) {
    HealthCheckResponseBuilder health = HealthCheckResponse.named(check).withData("store", store);
    return ping.ifNoItem()
        .after(Duration.ofSeconds(1))
        .fail()
        .map(ok -> health.up().build())
        .onFailure()
        .recoverWithItem(
            failure -> health.down().withData("error", failure.getClass().getSimpleName()).build());
  }

  /** The idempotency store answers (always, for the memory store). */
  @Readiness
  @ApplicationScoped
  static class IdempotencyStoreCheck implements AsyncHealthCheck {
    private final Idempotency idempotency;

    IdempotencyStoreCheck(Idempotency idempotency) {
      this.idempotency = idempotency;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
      return answers("idempotency-store", idempotency.storeName(), idempotency.ping());
    }
  }

  /** The event store answers (always, for the memory store): webhooks can be recorded. */
  @Readiness
  @ApplicationScoped
  static class EventStoreCheck implements AsyncHealthCheck {
    private final EventStore store;

    EventStoreCheck(EventStore store) {
      this.store = store;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
      return answers("event-store", store.name(), store.ping());
    }
  }

  /** Always up: the providers' breaker states, as data. */
  @Readiness
  @ApplicationScoped
  static class ProvidersCheck implements HealthCheck {
    private final ReactionRouter router;

    ProvidersCheck(ReactionRouter router) {
      this.router = router;
    }

    @Override
    public HealthCheckResponse call() {
      HealthCheckResponseBuilder health = HealthCheckResponse.named("providers").up();
      for (ProviderGuard guard : router.guards()) {
        health.withData(
            guard.provider().wireName() + ".breaker",
            GatewayMetrics.stateName(guard.breakerState()));
      }
      return health.build();
    }
  }

  /** Up once configuration was validated and both adapters were built. */
  @Startup
  @ApplicationScoped
  static class StartedCheck implements HealthCheck {
    private final ReactionRouter router;

    StartedCheck(ReactionRouter router) {
      this.router = router;
    }

    @Override
    public HealthCheckResponse call() {
      return HealthCheckResponse.named("gateway-started")
          .status(!router.guards().isEmpty())
          .withData("providers", router.guards().size())
          .build();
    }
  }
}
