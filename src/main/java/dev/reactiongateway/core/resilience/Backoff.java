package dev.reactiongateway.core.resilience;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a retry, from a provider's {@link ProviderPolicy.Retry}: {@code initial} doubled
 * for each further retry, capped at {@code max}, spread by ±{@code jitter}; a longer wait the
 * provider asked for wins over it.
 */
record Backoff(Duration initial, Duration max, double jitter) {

  static Backoff of(ProviderPolicy.Retry retry) {
    return new Backoff(retry.initialBackoff(), retry.maxBackoff(), retry.jitter());
  }

  /** The wait after the {@code attempt}-th attempt failed, or longer if the provider asked so. */
  Duration delay(int attempt, Optional<Duration> providerAsked) {
    Duration backoff = backoff(attempt, ThreadLocalRandom.current().nextDouble());
    return providerAsked.filter(asked -> asked.compareTo(backoff) > 0).orElse(backoff);
  }

  /**
   * The gateway's own wait after the {@code attempt}-th attempt; {@code draw}, uniform in [0, 1),
   * picks the spread (0.5 is none).
   */
  Duration backoff(int attempt, double draw) {
    long base = initial.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, max.toMillis());
    double spread = 1 + jitter * (2 * draw - 1);
    return Duration.ofMillis(Math.max(0, Math.round(capped * spread)));
  }
}
