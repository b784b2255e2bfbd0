package dev.reactiongateway.core.resilience;

import static dev.reactiongateway.core.ErrorCode.MESSAGE_NOT_FOUND;
import static dev.reactiongateway.core.ErrorCode.PROVIDER_BUSY;
import static dev.reactiongateway.core.ErrorCode.PROVIDER_DELIVERY_FAILED;
import static dev.reactiongateway.core.ErrorCode.PROVIDER_ERROR;
import static dev.reactiongateway.core.ErrorCode.PROVIDER_RATE_LIMITED;
import static dev.reactiongateway.core.ErrorCode.PROVIDER_REJECTED;
import static dev.reactiongateway.core.ErrorCode.PROVIDER_TIMEOUT;
import static dev.reactiongateway.core.ErrorCode.PROVIDER_UNREACHABLE;
import static dev.reactiongateway.core.resilience.FailureClassifier.Breaker.COUNTS;
import static dev.reactiongateway.core.resilience.FailureClassifier.Breaker.IGNORED;
import static dev.reactiongateway.core.resilience.FailureClassifier.Effect.MAY_HAVE_ACTED;
import static dev.reactiongateway.core.resilience.FailureClassifier.Effect.NOT_ACTED;
import static dev.reactiongateway.core.resilience.FailureClassifier.Retry.ANY_OPERATION;
import static dev.reactiongateway.core.resilience.FailureClassifier.Retry.NEVER;
import static dev.reactiongateway.core.resilience.FailureClassifier.Retry.REMOVE_ONLY;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.ProviderFailure;

/**
 * The one place that decides what a failed upstream attempt means: the failure table of
 * docs/resilience-and-configuration.md as code. Retry only when the provider certainly did not act
 * (or the operation is idempotent); count only provider-side failures against the breaker.
 */
public final class FailureClassifier {

  enum Retry {
    ANY_OPERATION,
    REMOVE_ONLY,
    NEVER;

    boolean allows(Operation operation) {
      // REMOVE_ONLY reads as the contract's table; a read is as safe to repeat as a removal.
      return this == ANY_OPERATION || (this == REMOVE_ONLY && operation.idempotent());
    }
  }

  enum Breaker {
    COUNTS,
    IGNORED
  }

  enum Effect {
    NOT_ACTED,
    MAY_HAVE_ACTED
  }

  private record Rule(Retry retry, Breaker breaker, ErrorCode code, Effect effect) {}

  public Verdict classify(ProviderFailure failure, Operation operation) {
    Rule rule = rule(failure);
    boolean retry = rule.retry().allows(operation);
    return new Verdict(
        retry,
        rule.breaker() == COUNTS,
        rule.code(),
        retry,
        rule.effect() == MAY_HAVE_ACTED,
        failure.retryAfter());
  }

  // spotless:off
  private static Rule rule(ProviderFailure failure) {
    return switch (failure.kind()) {
      //                                  retried for    breaker  code                  provider may have acted
      case CONNECT_FAILED      -> new Rule(ANY_OPERATION, COUNTS,  PROVIDER_UNREACHABLE, NOT_ACTED);
      case POOL_EXHAUSTED      -> new Rule(ANY_OPERATION, IGNORED, PROVIDER_BUSY,        NOT_ACTED);
      case TIMEOUT             -> new Rule(REMOVE_ONLY,   COUNTS,  PROVIDER_TIMEOUT,     MAY_HAVE_ACTED);
      case CONNECTION_LOST     -> new Rule(REMOVE_ONLY,   COUNTS,  PROVIDER_UNREACHABLE, MAY_HAVE_ACTED);
      case UNEXPECTED_RESPONSE -> new Rule(REMOVE_ONLY,   COUNTS,  PROVIDER_ERROR,       MAY_HAVE_ACTED);
      case ERROR_STATUS        -> errorStatusRule(failure);
    };
  }

  private static Rule errorStatusRule(ProviderFailure failure) {
    int status = failure.status();
    ErrorCode code = codeFor(failure);
    Breaker fiveHundreds = status >= 500 ? COUNTS : IGNORED;
    // The provider's own "not found" carries its error code; a bare 404 is a wrong route.
    if (status == 404 && failure.providerCode().isPresent()) {
      return                            new Rule(NEVER,         IGNORED,      MESSAGE_NOT_FOUND, NOT_ACTED);
    }
    // A delivery failure the provider itself calls final (its flag is authoritative) is not retried.
    if (failure.deliveryFailed() && !failure.retryableFlag().orElse(true)) {
      return                            new Rule(NEVER,         fiveHundreds, code,              NOT_ACTED);
    }
    if (status == 429 || status == 503
        || failure.retryableFlag().orElse(false) || failure.deliveryFailed()) {
      return                            new Rule(ANY_OPERATION, fiveHundreds, code,              NOT_ACTED);
    }
    if (status >= 500) {
      return                            new Rule(REMOVE_ONLY,   COUNTS,       code,              MAY_HAVE_ACTED);
    }
    return                              new Rule(NEVER,         IGNORED,      code,              NOT_ACTED);
  }
  // spotless:on

  private static ErrorCode codeFor(ProviderFailure failure) {
    if (failure.deliveryFailed()) {
      return PROVIDER_DELIVERY_FAILED;
    }
    if (failure.status() == 429) {
      return PROVIDER_RATE_LIMITED;
    }
    return failure.status() >= 500 ? PROVIDER_ERROR : PROVIDER_REJECTED;
  }
}
