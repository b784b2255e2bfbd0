package dev.reactiongateway.core.resilience;

import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderFailure;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Judges one provider's failed attempts: the {@link FailureClassifier}'s verdict, the wait before a
 * retry, and whether a retry follows (only of attempts deemed safe, while retries are left and the
 * wait ends before the request's deadline).
 */
final class AttemptJudge {

  private final Logger log;
  private final Provider provider;
  private final FailureClassifier classifier;
  private final Backoff backoff;
  private final int maxRetries;

  /** {@code log} is where failed attempts are told at DEBUG: the guard's category. */
  AttemptJudge(
      Provider provider, FailureClassifier classifier, ProviderPolicy.Retry retry, Logger log) {
    this.log = log;
    this.provider = provider;
    this.classifier = classifier;
    this.backoff = Backoff.of(retry);
    this.maxRetries = retry.maxRetries();
  }

  /**
   * Attempt number {@code attempts} of a request that must be over by {@code deadlineNanos} failed;
   * {@code mayHaveActed} says whether an earlier attempt may have acted upstream.
   */
  AttemptFailure judge(
      ProviderFailure failure,
      Operation operation,
      int attempts,
      long deadlineNanos,
      boolean mayHaveActed) {
    Verdict verdict = classifier.classify(failure, operation);
    if (log.isDebugEnabled()) {
      log.debugf(
          "%s attempt %d failed: %s -> %s (cause %s)",
          provider.wireName(),
          attempts,
          failure.getMessage(),
          verdict,
          failure.getCause() == null ? "-" : failure.getCause().toString());
    }
    Duration wait = backoff.delay(attempts, verdict.retryAfter());
    Duration left = Duration.ofNanos(deadlineNanos - System.nanoTime());
    boolean retry = verdict.retry() && attempts <= maxRetries && wait.compareTo(left) < 0;
    return new AttemptFailure(
        failure, verdict, retry, wait, mayHaveActed || verdict.mayHaveActed());
  }
}
