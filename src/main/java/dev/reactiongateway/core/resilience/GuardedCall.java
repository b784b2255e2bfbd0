package dev.reactiongateway.core.resilience;

import dev.reactiongateway.core.CallTrail;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderAnswer;
import dev.reactiongateway.core.ProviderFailure;
import dev.reactiongateway.core.SendPermit;
import dev.reactiongateway.core.resilience.CallState.Stage;
import dev.reactiongateway.core.resilience.FailureAnswers.Progress;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * One caller request across its attempts, as its provider's guard runs them: its place in the
 * admission line, each attempt handed to the adapter with its {@link SendPermit}, each outcome told
 * to the breaker, and the answer the request gets when it fails or its deadline passes. Where it
 * stands is a {@link CallState}.
 */
final class GuardedCall {

  /** What every call to one provider shares. */
  record Shared(
      Provider provider,
      Duration deadline,
      ProviderBreaker breaker,
      AttemptJudge judge,
      GuardEvents events) {}

  private final Shared shared;
  private final Operation operation;
  private final CallTrail trail;
  private final Function<SendPermit, ? extends Uni<? extends ProviderAnswer>> send;
  private final Admission line;
  private final long deadlineNanos;
  private final CallState state = new CallState();
  private volatile int attempts;
  private volatile boolean mayHaveActed;
  private volatile AttemptFailure last;
  private volatile Runnable cancelInFlight = () -> {};
  private volatile Consumer<Throwable> failInFlight = failure -> {};
  private volatile boolean written;
  private volatile Admission.Ticket ticket;

  /** A call of {@code operation} whose attempts wait for {@code line}'s permits. */
  GuardedCall(
      Shared shared,
      Operation operation,
      CallTrail trail,
      Function<SendPermit, ? extends Uni<? extends ProviderAnswer>> send,
      Admission line) {
    this.shared = shared;
    this.operation = operation;
    this.trail = trail;
    this.send = send;
    this.line = line;
    this.deadlineNanos = System.nanoTime() + shared.deadline().toNanos();
  }

  /** A permit of the admission line, for the next attempt. */
  Uni<Admission.Ticket> admitted() {
    Admission.Ticket waiting = line.ticket(deadlineNanos);
    ticket = waiting;
    return waiting.permit();
  }

  /** Whether the last attempt was written. */
  boolean written() {
    return written;
  }

  /** One attempt: its request, the breaker told its outcome, a failure judged. */
  Uni<ProviderAnswer> attempt() {
    if (!state.start()) {
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
              shared.events().attemptSucceeded(shared.provider(), System.nanoTime() - started);
              shared.breaker().succeeded(receipt);
            })
        .onFailure(ProviderFailure.class)
        .invoke(
            failure ->
                shared
                    .events()
                    .attemptFailed(
                        shared.provider(), (ProviderFailure) failure, System.nanoTime() - started))
        .onTermination()
        .invoke(state::ended)
        .onFailure(ProviderFailure.class)
        .transform(failure -> last = judged((ProviderFailure) failure))
        .onFailure()
        .invoke(this::report);
  }

  /**
   * The adapter's request for this attempt, ended early (with {@link Abandoned}) if the call is
   * abandoned before the request was written; the send gate then keeps it from being written.
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

  /**
   * The send permit, taken once a connection is granted and before anything is written: the caller
   * must still be there, and the breaker must admit the attempt (a half-open breaker admits only
   * its probes). From here on the attempt's outcome is the provider's.
   */
  private boolean take() {
    if (!state.send()) {
      return false;
    }
    if (shared.breaker().admits()) {
      written = true;
      return true;
    }
    state.unsend();
    failInFlight.accept(shared.breaker().refusal());
    return false;
  }

  private AttemptFailure judged(ProviderFailure failure) {
    trail.answered(failure.status(), failure.traceId().orElse(null));
    AttemptFailure judged =
        shared.judge().judge(failure, operation, attempts, deadlineNanos, mayHaveActed);
    mayHaveActed = judged.mayHaveActed;
    return judged;
  }

  /**
   * A failed attempt's outcome, for the breaker: the provider's when the request was written or the
   * connection could not be opened; otherwise the gateway's own, which the breaker never sees.
   */
  private void report(Throwable failure) {
    if (failure instanceof AttemptFailure a && (written || a.verdict.countsAgainstBreaker())) {
      shared.breaker().failed(a);
    } else if (written) {
      shared.breaker().handBack();
    }
  }

  /**
   * The caller is gone: an attempt not yet written is never written (and certainly not acted on);
   * one already written is left to finish.
   */
  void abandon() {
    Stage before = state.abandon();
    if (before == Stage.IN_FLIGHT) {
      cancelInFlight.run();
    } else if (before == Stage.IDLE) {
      leaveTheLine();
    }
  }

  /** Takes a waiting attempt out of the admission line; false if it was not waiting. */
  private boolean leaveTheLine() {
    Admission.Ticket waiting = ticket;
    return waiting != null && waiting.leave(new Abandoned());
  }

  /** The request's answer when its deadline passed. */
  Throwable deadlineExceeded() {
    Stage before = state.expire();
    if (before == Stage.IN_FLIGHT) {
      cancelInFlight.run();
    }
    // Never attempted, or still in line: the wait was the gateway's own, not the provider's.
    boolean waited = before == Stage.IDLE && (leaveTheLine() || attempts == 0);
    AttemptFailure previous = last;
    boolean sent = before == Stage.SENT || before == Stage.SENT_THEN_ABANDONED;
    if (!sent && previous != null) {
      return answer(previous);
    }
    if (waited) {
      return busy(line.retryAfter());
    }
    return FailureAnswers.deadlinePassed(progress(mayHaveActed || sent), shared.deadline());
  }

  /** The request's answer when it failed: each failure in the contract's words. */
  Throwable answer(Throwable failure) {
    if (failure instanceof AttemptFailure attempt) {
      return FailureAnswers.attemptFailed(
          progress(attempt.mayHaveActed), attempt.verdict, attempt.failure);
    }
    if (failure instanceof CircuitBreakerOpenException) {
      return FailureAnswers.circuitOpen(progress(mayHaveActed), shared.breaker().untilHalfOpen());
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
    return new Progress(shared.provider(), operation, attempts, acted);
  }

  /** The attempt was not sent: the caller is gone or already had its answer. */
  private static final class Abandoned extends RuntimeException {
    Abandoned() {
      super("abandoned before sending", null, false, false);
    }
  }
}
