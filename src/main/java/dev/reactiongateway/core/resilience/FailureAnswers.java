package dev.reactiongateway.core.resilience;

import static dev.reactiongateway.core.ErrorCode.PROVIDER_BUSY;
import static dev.reactiongateway.core.ErrorCode.PROVIDER_CIRCUIT_OPEN;
import static dev.reactiongateway.core.ErrorCode.PROVIDER_TIMEOUT;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.core.GatewayException.ProviderFacts;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderFailure;
import java.time.Duration;

/**
 * What the caller is told when a call to a provider fails: the code, the detail sentence, whether
 * the same request may be sent again, its {@code Retry-After} and the provider's facts (the error
 * table of docs/api-and-errors.md). The {@link FailureClassifier} decides what a failed attempt
 * means; this words it.
 */
public final class FailureAnswers {

  /**
   * How far one caller request got when it is answered.
   *
   * @param attempts attempts handed to the provider's adapter so far
   * @param mayHaveActed whether any of them may have been acted on by the provider
   */
  public record Progress(
      Provider provider, Operation operation, int attempts, boolean mayHaveActed) {}

  private FailureAnswers() {}

  /** The request's last attempt failed as the classifier judged it. */
  public static GatewayException attemptFailed(
      Progress call, Verdict verdict, ProviderFailure failure) {
    ErrorCode code = verdict.code();
    return answer(
            code,
            describe(call.provider(), code) + consequence(call, call.mayHaveActed()),
            verdict.callerRetryable(),
            call.mayHaveActed())
        .withRetryAfter(verdict.retryAfter().map(FailureAnswers::wholeSeconds).orElse(null))
        .involving(
            new ProviderFacts(
                call.provider(),
                failure.status() > 0 ? failure.status() : null,
                failure.providerCode().orElse(null),
                failure.traceId().orElse(null)));
  }

  /**
   * The request's deadline passed with no answer; {@code call.mayHaveActed()} includes the attempt
   * in flight if it was written.
   */
  public static GatewayException deadlinePassed(Progress call, Duration deadline) {
    boolean acted = call.mayHaveActed();
    return answer(
            PROVIDER_TIMEOUT,
            call.provider().wireName()
                + " did not answer within the deadline of "
                + deadline.toMillis()
                + " ms"
                + consequence(call, acted),
            !acted || call.operation().idempotent(),
            acted)
        .involving(call.provider());
  }

  /** The provider's breaker is open; it lets a probe through in {@code untilHalfOpen}. */
  public static GatewayException circuitOpen(Progress call, Duration untilHalfOpen) {
    return retryableNothingSent(
        PROVIDER_CIRCUIT_OPEN,
        call.provider().wireName()
            + " has been failing, so the gateway stopped calling it for a while; nothing was"
            + " sent, retry after the indicated time",
        call,
        untilHalfOpen);
  }

  /** The request could not have been sent and answered before its deadline. */
  public static GatewayException busy(Progress call, Duration retryAfter) {
    return retryableNothingSent(
        PROVIDER_BUSY,
        "too many requests to "
            + call.provider().wireName()
            + " are in progress to finish this one before its deadline; nothing was sent, retry"
            + " after the indicated time",
        call,
        retryAfter);
  }

  private static GatewayException retryableNothingSent(
      ErrorCode code, String detail, Progress call, Duration retryAfter) {
    return answer(code, detail, true, call.mayHaveActed())
        .withRetryAfter(wholeSeconds(retryAfter))
        .involving(call.provider());
  }

  private static GatewayException answer(
      ErrorCode code, String detail, boolean retryable, boolean mayHaveActed) {
    GatewayException answer =
        retryable
            ? GatewayException.retryable(code, detail)
            : GatewayException.rejected(code, detail);
    return mayHaveActed ? answer.afterSend() : answer;
  }

  private static String describe(Provider provider, ErrorCode code) {
    String name = provider.wireName();
    return switch (code) {
      case MESSAGE_NOT_FOUND -> name + " has no message with this messageId; check the id";
      case PROVIDER_DELIVERY_FAILED -> name + " could not deliver the reaction to the recipient";
      case PROVIDER_TIMEOUT -> name + " did not answer in time";
      case PROVIDER_UNREACHABLE -> "the connection to " + name + " failed";
      case PROVIDER_RATE_LIMITED -> name + " is rate limiting the gateway";
      case PROVIDER_REJECTED ->
          name
              + " rejected the gateway's request: a gateway credentials or configuration"
              + " problem, not the caller's";
      default -> name + " answered with an error or a response the gateway cannot read";
    };
  }

  private static String consequence(Progress call, boolean acted) {
    if (acted && call.operation() == Operation.ADD) {
      return "; the reaction may have been delivered, so the gateway did not retry";
    }
    return call.attempts() > 1 ? " (after " + call.attempts() + " attempts)" : "";
  }

  /** A wait as the whole seconds of {@code Retry-After}: rounded up, at least 1. */
  private static Duration wholeSeconds(Duration duration) {
    long seconds = (duration.toMillis() + 999) / 1000;
    return Duration.ofSeconds(Math.max(seconds, 1));
  }
}
