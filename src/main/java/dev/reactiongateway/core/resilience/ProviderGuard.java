package dev.reactiongateway.core.resilience;

import dev.reactiongateway.core.BeforeFirstSend;
import dev.reactiongateway.core.CallTrail;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderAnswer;
import dev.reactiongateway.core.SendPermit;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One provider's protection, and the path of each caller request through it: the request's step
 * before its first send, then its attempts, each retried by a SmallRye Fault Tolerance guard (only
 * attempts the {@link AttemptJudge} deems safe), refused at once by an open {@link
 * ProviderBreaker}, admitted to the provider's permits by the gateway's own deadline-aware {@link
 * Admission} (sends and reads each to their own), and handed to the adapter with a {@link
 * SendPermit}; all within the request's deadline. What a request goes through is a {@link
 * GuardedCall}; how each failure is answered is worded by {@link FailureAnswers}. Why it is
 * assembled by hand: docs/resilience-and-configuration.md, "Path of one attempt".
 */
public final class ProviderGuard {

  private static final TypeLiteral<Uni<ProviderAnswer>> ANSWER = new TypeLiteral<>() {};
  private static final Logger LOG = Logger.getLogger(ProviderGuard.class);

  private final Provider provider;
  private final ProviderPolicy policy;
  private final ProviderBreaker breaker;
  private final GuardedCall.Shared shared;
  private final Guard retry;
  private final Admission admission;
  private final Admission readAdmission;

  /** A retry guard outside, the breaker's refusal and the admission inside it, in that order. */
  public ProviderGuard(
      Provider provider, ProviderPolicy policy, FailureClassifier classifier, GuardEvents events) {
    this.provider = provider;
    this.policy = policy;
    this.breaker = new ProviderBreaker(provider, policy.breaker(), events);
    this.shared =
        new GuardedCall.Shared(
            provider,
            policy.deadline(),
            breaker,
            new AttemptJudge(provider, classifier, policy.retry(), LOG),
            events);
    this.retry =
        Guard.create()
            .withDescription(breaker.name() + "-retry")
            .withRetry()
            .maxRetries(policy.retry().maxRetries())
            .delay(0, ChronoUnit.MILLIS)
            .jitter(0, ChronoUnit.MILLIS)
            .maxDuration(policy.deadline().toMillis(), ChronoUnit.MILLIS)
            .whenException(failure -> failure instanceof AttemptFailure a && a.retry)
            .withCustomBackoff()
            .strategy(() -> failure -> ((AttemptFailure) failure).wait.toMillis())
            .done()
            .onRetry(() -> events.retry(provider))
            .done()
            .withThreadOffload(false)
            .build();
    this.admission =
        new Admission(
            policy.bulkhead().maxConcurrent(),
            policy.bulkhead().queueSize(),
            policy.bulkhead().latencySmoothing(),
            policy.deadline());
    // Reads have permits of their own, so a burst of reads can never take a send's permit; they
    // wait and are refused by the same rules as sends, in a line of their own.
    this.readAdmission =
        new Admission(
            policy.bulkhead().readMaxConcurrent(),
            policy.bulkhead().queueSize(),
            policy.bulkhead().latencySmoothing(),
            policy.deadline());
  }

  public Provider provider() {
    return provider;
  }

  public Duration deadline() {
    return policy.deadline();
  }

  /** Attempts holding a bulkhead permit (in flight upstream), sends and reads. */
  public int running() {
    return admission.holding() + readAdmission.holding();
  }

  /** Attempts waiting for a bulkhead permit, sends and reads. */
  public int queued() {
    return admission.waiting() + readAdmission.waiting();
  }

  public CircuitBreakerState breakerState() {
    return breaker.state();
  }

  /**
   * Runs one caller request: first {@code beforeFirstSend} (within the deadline), then {@code
   * send}, subscribed once per attempt. A {@link Operation#READ} takes the reads' permits, every
   * other operation the sends'.
   */
  public <T extends ProviderAnswer> Uni<T> call(
      Operation operation,
      CallTrail trail,
      BeforeFirstSend beforeFirstSend,
      Function<SendPermit, Uni<T>> send) {
    Admission line = operation == Operation.READ ? readAdmission : admission;
    GuardedCall call = new GuardedCall(shared, operation, trail, send, line);
    trail.onAbandon(call::abandon);
    return Uni.createFrom()
        .deferred(() -> beforeFirstSend.run().chain(() -> retry.get(() -> admitted(call), ANSWER)))
        // Each attempt's answer is what its own send produced.
        .map(ProviderGuard::<T>narrowed)
        .ifNoItem()
        .after(policy.deadline())
        .failWith(call::deadlineExceeded)
        .onFailure()
        .transform(call::answer)
        .onCancellation()
        .invoke(call::abandon);
  }

  @SuppressWarnings("unchecked")
  private static <T extends ProviderAnswer> T narrowed(ProviderAnswer answer) {
    return (T) answer;
  }

  /** One attempt: an open breaker answers at once (no permit, no connection); else admitted. */
  private Uni<ProviderAnswer> admitted(GuardedCall call) {
    if (breaker.state() == CircuitBreakerState.OPEN) {
      return Uni.createFrom().failure(breaker.refusal());
    }
    return call.admitted()
        .onItem()
        .transformToUni(
            held -> call.attempt().onTermination().invoke(() -> held.release(call.written())));
  }
}
