package dev.reactiongateway.core.resilience;

import dev.reactiongateway.core.Provider;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** What a {@link ProviderGuard} reports as it works, for metrics; implemented outside the core. */
public interface GuardEvents {

  /**
   * One upstream attempt ended: {@code result} is a bounded label such as {@code 2xx}, {@code 5xx},
   * {@code 429}, {@code timeout}, {@code connect_failed}, {@code connection_lost}.
   */
  void attempt(Provider provider, String result, long nanos);

  void retry(Provider provider);

  void breakerTransition(Provider provider, CircuitBreakerState to);
}
