package dev.reactiongateway.core.resilience;

import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderAnswer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One provider's circuit breaker, fed by hand: a SmallRye Fault Tolerance breaker that is told
 * provider outcomes only, and the count of a half-open breaker's probes, which decides at the last
 * moment before writing whether an attempt may be written (docs/resilience-and-configuration.md,
 * "Path of one attempt", says why it is not SmallRye's own decision).
 */
final class ProviderBreaker {

  private static final TypeLiteral<CompletionStage<ProviderAnswer>> OUTCOME =
      new TypeLiteral<>() {};

  private final Provider provider;
  private final ProviderPolicy.Breaker policy;
  private final GuardEvents events;
  private final String name;
  private final Guard breaker;
  private final AtomicInteger probes = new AtomicInteger();
  private volatile long openedAtNanos;
  private volatile CircuitBreakerMaintenance maintenance;

  ProviderBreaker(Provider provider, ProviderPolicy.Breaker policy, GuardEvents events) {
    this.provider = provider;
    this.policy = policy;
    this.events = events;
    this.name = "provider-" + provider.wireName();
    this.breaker =
        Guard.create()
            .withDescription(name)
            .withCircuitBreaker()
            .name(name)
            .requestVolumeThreshold(policy.requestVolumeThreshold())
            .failureRatio(policy.failureRatio())
            .delay(policy.delay().toMillis(), ChronoUnit.MILLIS)
            .successThreshold(policy.successThreshold())
            .when(
                failure -> failure instanceof AttemptFailure a && a.verdict.countsAgainstBreaker())
            .onStateChange(this::onStateChange)
            .done()
            .withThreadOffload(false)
            .build();
  }

  /** SmallRye's name of this breaker; the retry guard's is derived from it. */
  String name() {
    return name;
  }

  CircuitBreakerState state() {
    return maintenance().currentState(name);
  }

  /** SmallRye's breaker registry, looked up once: the lookup is a CDI resolution. */
  private CircuitBreakerMaintenance maintenance() {
    CircuitBreakerMaintenance found = maintenance;
    if (found == null) {
      found = CircuitBreakerMaintenance.get();
      maintenance = found;
    }
    return found;
  }

  /** The failure of an attempt the breaker does not let through. */
  CircuitBreakerOpenException refusal() {
    return new CircuitBreakerOpenException(name);
  }

  /**
   * Whether an attempt may be written now: not while the breaker is open, and while it is half-open
   * only as one of its probes (as many as successes are needed to close it).
   */
  boolean admits() {
    return switch (state()) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> probes.incrementAndGet() <= policy.successThreshold();
    };
  }

  /** The provider answered an attempt. */
  void succeeded(ProviderAnswer answer) {
    record(CompletableFuture.completedFuture(answer));
  }

  /** An attempt failed upstream: it was written, or its connection could not be opened. */
  void failed(AttemptFailure failure) {
    record(CompletableFuture.failedFuture(failure));
  }

  /**
   * An attempt admitted here ended with no outcome to tell: its probe (if it was one) is handed
   * back rather than leaving a half-open breaker waiting for it forever.
   */
  void handBack() {
    probes.decrementAndGet();
  }

  /** Tells the breaker one provider outcome; it ignores it if it is open by now. */
  private void record(CompletionStage<ProviderAnswer> outcome) {
    breaker.get(() -> outcome, OUTCOME);
  }

  private void onStateChange(CircuitBreakerState state) {
    if (state == CircuitBreakerState.OPEN) {
      openedAtNanos = System.nanoTime();
    } else if (state == CircuitBreakerState.HALF_OPEN) {
      probes.set(0);
    }
    events.breakerTransition(provider, state);
  }

  /** How long until an open breaker lets its first probe through. */
  Duration untilHalfOpen() {
    long remaining = openedAtNanos + policy.delay().toNanos() - System.nanoTime();
    return Duration.ofNanos(Math.max(remaining, 0));
  }
}
