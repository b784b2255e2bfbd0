package dev.reactiongateway.core.resilience;

import dev.reactiongateway.core.ErrorCode;
import java.time.Duration;
import java.util.Optional;

/**
 * What the classifier decided about one failed attempt.
 *
 * @param retry whether the gateway may send the request again
 * @param countsAgainstBreaker whether it is a provider-side failure for the circuit breaker
 * @param code the contract code the caller gets if this is the last attempt
 * @param callerRetryable whether a caller sending the same request again can succeed without
 *     risking a second tapback
 * @param mayHaveActed whether the provider may have acted on the request
 * @param retryAfter the wait the provider asked for, if any
 */
public record Verdict(
    boolean retry,
    boolean countsAgainstBreaker,
    ErrorCode code,
    boolean callerRetryable,
    boolean mayHaveActed,
    Optional<Duration> retryAfter) {}
