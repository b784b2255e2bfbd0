package dev.reactiongateway.core.resilience;

import dev.reactiongateway.core.BeforeFirstSend;
import dev.reactiongateway.core.CallTrail;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderAnswer;
import dev.reactiongateway.core.ProviderFailure;
import dev.reactiongateway.core.SendPermit;
import dev.reactiongateway.core.resilience.FailureAnswers.Progress;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * One provider's protection: retries (only of attempts the {@link FailureClassifier} deems safe)
 * and a circuit breaker from SmallRye Fault Tolerance, the gateway's own deadline-aware {@link
 * Admission} to the provider's permits (sends and reads each to their own), and an overall deadline
 * per request. Runs a caller request's attempts; how each failure is answered is worded by {@link
 * FailureAnswers}.
 */
public final class ProviderGuard {

  private static final TypeLiteral<Uni<ProviderAnswer>> ANSWER = new TypeLiteral<>() {};
  private static final TypeLiteral<CompletionStage<ProviderAnswer>> OUTCOME =
      new TypeLiteral<>() {};
  private static final Logger LOG = Logger.getLogger(ProviderGuard.class);

  private final Provider provider;
  private final ProviderPolicy policy;
  private final FailureClassifier classifier;
  private final Backoff backoff;
  private final String breakerName;
  private final GuardEvents events;
  private final Guard retry;
  private final Admission admission;
  private final Admission readAdmission;
  private final Guard breaker;
  private final AtomicInteger probes = new AtomicInteger();
  private volatile long breakerOpenedAtNanos;
  private volatile CircuitBreakerMaintenance maintenance;

  /**
   * Two SmallRye guards, retry outside and a circuit breaker that is told provider outcomes only,
   * with the admission between them. SmallRye's breaker counts every outcome it sees as a success
   * or a failure, with no "neither", so outcomes of the gateway's own making (bulkhead full, caller
   * gone before sending, no pooled connection, a gateway-side failure) are never shown to it: they
   * neither dilute its failure ratio nor close it while half-open. It is told each attempt that was
   * written, and each that failed to connect, once the outcome is known ({@link Call#report}).
   * Whether an attempt may be written is decided from the breaker's state at the last moment before
   * writing ({@link Call#take}); SmallRye cannot decide that synchronously there, because on an
   * event loop it runs the guarded action on a later turn of that loop.
   */
  public ProviderGuard(
      Provider provider, ProviderPolicy policy, FailureClassifier classifier, GuardEvents events) {
    this.provider = provider;
    this.policy = policy;
    this.classifier = classifier;
    this.backoff = Backoff.of(policy.retry());
    this.events = events;
    this.breakerName = "provider-" + provider.wireName();
    this.retry =
        Guard.create()
            .withDescription(breakerName + "-retry")
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
    this.breaker =
        Guard.create()
            .withDescription(breakerName)
            .withCircuitBreaker()
            .name(breakerName)
            .requestVolumeThreshold(policy.breaker().requestVolumeThreshold())
            .failureRatio(policy.breaker().failureRatio())
            .delay(policy.breaker().delay().toMillis(), ChronoUnit.MILLIS)
            .successThreshold(policy.breaker().successThreshold())
            .when(
                failure -> failure instanceof AttemptFailure a && a.verdict.countsAgainstBreaker())
            .onStateChange(this::onBreakerStateChange)
            .done()
            .withThreadOffload(false)
            .build();
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
    return maintenance().currentState(breakerName);
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
    Call call = new Call(operation, trail, send);
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

  /** An open breaker answers at once: no bulkhead permit, no connection. */
  private Uni<ProviderAnswer> admitted(Call call) {
    if (breakerState() == CircuitBreakerState.OPEN) {
      return Uni.createFrom().failure(new CircuitBreakerOpenException(breakerName));
    }
    Admission.Ticket ticket = call.line.ticket(call.deadlineNanos);
    call.ticket = ticket;
    return ticket
        .permit()
        .onItem()
        .transformToUni(
            held -> call.attempt().onTermination().invoke(() -> held.release(call.written)));
  }

  /**
   * Whether an attempt may be written now: not while the breaker is open, and while it is half-open
   * only as one of its probes (as many as successes are needed to close it).
   */
  private boolean breakerAdmits() {
    return switch (breakerState()) {
      case CLOSED -> true;
      case OPEN -> false;
      case HALF_OPEN -> probes.incrementAndGet() <= policy.breaker().successThreshold();
    };
  }

  /** Tells the breaker one provider outcome; it ignores it if it is open by now. */
  private void record(CompletionStage<ProviderAnswer> outcome) {
    breaker.get(() -> outcome, OUTCOME);
  }

  private void onBreakerStateChange(CircuitBreakerState state) {
    if (state == CircuitBreakerState.OPEN) {
      breakerOpenedAtNanos = System.nanoTime();
    } else if (state == CircuitBreakerState.HALF_OPEN) {
      probes.set(0);
    }
    events.breakerTransition(provider, state);
  }

  private Duration untilHalfOpen() {
    long remaining = breakerOpenedAtNanos + policy.breaker().delay().toNanos() - System.nanoTime();
    return Duration.ofNanos(Math.max(remaining, 0));
  }

  /**
   * IDLE (waiting for a permit or a retry) → IN_FLIGHT (with the HTTP client, not yet written) →
   * SENT (written) → IDLE; ABANDONED once the caller is gone or has had its answer. A caller that
   * goes while its attempt is SENT leaves it SENT_THEN_ABANDONED: that attempt finishes, and no
   * retry follows it.
   */
  private enum State {
    IDLE,
    IN_FLIGHT,
    SENT,
    SENT_THEN_ABANDONED,
    ABANDONED
  }

  /** One failed attempt with the classifier's verdict and what the guard should do next. */
  private static final class AttemptFailure extends RuntimeException {
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

  /** The attempt was not sent: the caller is gone or already had its answer. */
  private static final class Abandoned extends RuntimeException {
    Abandoned() {
      super("abandoned before sending", null, false, false);
    }
  }

  /** The state of one caller request across its attempts. */
  private final class Call {
    private final Operation operation;
    private final CallTrail trail;
    private final Function<SendPermit, ? extends Uni<? extends ProviderAnswer>> send;
    private final long deadlineNanos;
    private final Admission line;
    private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
    private volatile int attempts;
    private volatile boolean mayHaveActed;
    private volatile AttemptFailure last;
    private volatile Runnable cancelInFlight = () -> {};
    private volatile Consumer<Throwable> failInFlight = failure -> {};
    private volatile boolean written;
    private volatile Admission.Ticket ticket;

    Call(
        Operation operation,
        CallTrail trail,
        Function<SendPermit, ? extends Uni<? extends ProviderAnswer>> send) {
      this.operation = operation;
      this.trail = trail;
      this.send = send;
      this.deadlineNanos = System.nanoTime() + policy.deadline().toNanos();
      this.line = operation == Operation.READ ? readAdmission : admission;
    }

    Uni<ProviderAnswer> attempt() {
      if (!state.compareAndSet(State.IDLE, State.IN_FLIGHT)) {
        return Uni.createFrom().failure(new Abandoned());
      }
      attempts++;
      trail.attempted();
      written = false;
      long started = System.nanoTime();
      return exchange()
          .invoke(
              receipt -> {
                trail.answered(receipt.status(), receipt.traceId());
                events.attemptSucceeded(provider, System.nanoTime() - started);
                record(CompletableFuture.completedFuture(receipt));
              })
          .onFailure(ProviderFailure.class)
          .invoke(
              failure ->
                  events.attemptFailed(
                      provider, (ProviderFailure) failure, System.nanoTime() - started))
          .onTermination()
          .invoke(() -> state.updateAndGet(Call::afterAttempt))
          .onFailure(ProviderFailure.class)
          .transform(failure -> last = judge((ProviderFailure) failure))
          .onFailure()
          .invoke(this::report);
    }

    /**
     * A failed attempt's outcome, for the breaker: the provider's when the request was written or
     * the connection could not be opened; otherwise the gateway's own, which the breaker never
     * sees.
     */
    private void report(Throwable failure) {
      if (failure instanceof AttemptFailure a && (written || a.verdict.countsAgainstBreaker())) {
        record(CompletableFuture.failedFuture(a));
      } else if (written) {
        // A gateway-side failure after writing: no outcome to report, so its probe (if it was one)
        // is handed back rather than leaving a half-open breaker waiting for it forever.
        probes.decrementAndGet();
      }
    }

    /**
     * The send permit, asked once a connection is granted and before anything is written: the
     * caller must still be there, and the breaker must admit the attempt (a half-open breaker
     * admits only its probes). From here on the attempt's outcome is the provider's.
     */
    private boolean take() {
      if (!state.compareAndSet(State.IN_FLIGHT, State.SENT)) {
        return false;
      }
      if (breakerAdmits()) {
        written = true;
        return true;
      }
      // Not written after all: back to in flight (or abandoned, if the caller left meanwhile).
      if (!state.compareAndSet(State.SENT, State.IN_FLIGHT)) {
        state.set(State.ABANDONED);
      }
      failInFlight.accept(new CircuitBreakerOpenException(breakerName));
      return false;
    }

    /**
     * The adapter's request for this attempt, ended early (with {@link Abandoned}) if the call is
     * abandoned before the request was written; the gate then keeps it from being written.
     */
    private Uni<ProviderAnswer> exchange() {
      return Uni.createFrom()
          .emitter(
              emitter -> {
                cancelInFlight = () -> emitter.fail(new Abandoned());
                failInFlight = emitter::fail;
                send.apply(this::take).subscribe().with(emitter::complete, emitter::fail);
              });
    }

    private AttemptFailure judge(ProviderFailure failure) {
      trail.answered(failure.status(), failure.traceId().orElse(null));
      Verdict verdict = classifier.classify(failure, operation);
      mayHaveActed |= verdict.mayHaveActed();
      if (LOG.isDebugEnabled()) {
        LOG.debugf(
            "%s attempt %d failed: %s -> %s (cause %s)",
            provider.wireName(),
            attempts,
            failure.getMessage(),
            verdict,
            failure.getCause() == null ? "-" : failure.getCause().toString());
      }
      Duration wait = backoff.delay(attempts, verdict.retryAfter());
      Duration left = Duration.ofNanos(deadlineNanos - System.nanoTime());
      boolean retry =
          verdict.retry() && attempts <= policy.retry().maxRetries() && wait.compareTo(left) < 0;
      return new AttemptFailure(failure, verdict, retry, wait, mayHaveActed);
    }

    /**
     * The caller is gone: an attempt not yet written is never written (and certainly not acted on);
     * one already written is left to finish.
     */
    void abandon() {
      State before = state.getAndUpdate(Call::abandoned);
      if (before == State.IN_FLIGHT) {
        cancelInFlight.run();
      } else if (before == State.IDLE) {
        leaveTheLine();
      }
    }

    /** Takes a waiting attempt out of the admission line; false if it was not waiting. */
    private boolean leaveTheLine() {
      Admission.Ticket waiting = ticket;
      return waiting != null && waiting.leave(new Abandoned());
    }

    private static State afterAttempt(State current) {
      return switch (current) {
        case IN_FLIGHT, SENT -> State.IDLE;
        case SENT_THEN_ABANDONED -> State.ABANDONED;
        case IDLE, ABANDONED -> current;
      };
    }

    private static State abandoned(State current) {
      return switch (current) {
        case SENT, SENT_THEN_ABANDONED -> State.SENT_THEN_ABANDONED;
        case IDLE, IN_FLIGHT, ABANDONED -> State.ABANDONED;
      };
    }

    Throwable deadlineExceeded() {
      State before = state.getAndSet(State.ABANDONED);
      if (before == State.IN_FLIGHT) {
        cancelInFlight.run();
      }
      // Never attempted, or still in line: the wait was the gateway's own, not the provider's.
      boolean waited = before == State.IDLE && (leaveTheLine() || attempts == 0);
      AttemptFailure previous = last;
      boolean sent = before == State.SENT || before == State.SENT_THEN_ABANDONED;
      if (!sent && previous != null) {
        return answer(previous);
      }
      if (waited) {
        return busy(line.retryAfter());
      }
      return FailureAnswers.deadlinePassed(progress(mayHaveActed || sent), policy.deadline());
    }

    Throwable answer(Throwable failure) {
      if (failure instanceof AttemptFailure attempt) {
        return FailureAnswers.attemptFailed(
            progress(attempt.mayHaveActed), attempt.verdict, attempt.failure);
      }
      if (failure instanceof CircuitBreakerOpenException) {
        return FailureAnswers.circuitOpen(progress(mayHaveActed), untilHalfOpen());
      }
      if (failure instanceof Admission.Refused refused) {
        // A retry refused: the attempt before it says more about the provider than "busy".
        AttemptFailure previous = last;
        return previous != null ? answer(previous) : busy(refused.retryAfter);
      }
      return failure;
    }

    private GatewayException busy(Duration retryAfter) {
      return FailureAnswers.busy(progress(mayHaveActed), retryAfter);
    }

    private Progress progress(boolean acted) {
      return new Progress(provider, operation, attempts, acted);
    }
  }
}
