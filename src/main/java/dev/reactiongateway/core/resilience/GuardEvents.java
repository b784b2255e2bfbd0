package dev.reactiongateway.core.resilience;

import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderFailure;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * What a {@link ProviderGuard} reports as it works, for metrics; implemented outside the core,
 * which also names the metrics' labels.
 */
public interface GuardEvents {

  /** One upstream attempt ended with the provider's success answer. */
  void attemptSucceeded(Provider provider, long nanos);

  /** One upstream attempt ended in {@code failure}. */
  void attemptFailed(Provider provider, ProviderFailure failure, long nanos);

  void retry(Provider provider);

  void breakerTransition(Provider provider, CircuitBreakerState to);
}
