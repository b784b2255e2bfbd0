package dev.reactiongateway.core.resilience;

import dev.reactiongateway.core.ProviderFailure;
import java.time.Duration;

/** One failed attempt with the classifier's verdict and what the guard should do next. */
final class AttemptFailure extends RuntimeException {
  final ProviderFailure failure;
  final Verdict verdict;
  final boolean retry;
  final Duration wait;
  final boolean mayHaveActed;

  AttemptFailure(
      ProviderFailure failure,
      Verdict verdict,
      boolean retry,
      Duration wait,
      boolean mayHaveActed) {
    super(failure.getMessage(), failure, false, false);
    this.failure = failure;
    this.verdict = verdict;
    this.retry = retry;
    this.wait = wait;
    this.mayHaveActed = mayHaveActed;
  }
}
