package dev.reactiongateway.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A request that ends in a problem answer: carries the stable {@link ErrorCode}, a detail that says
 * what to change, whether repeating the same request can succeed, whether a provider may have acted
 * on it, and provider facts when a provider was involved. No stack trace: this is an answer, not a
 * bug.
 *
 * <p>Made by what it means for the caller: {@link #rejected} (repeating it as sent will not help)
 * or {@link #retryable} (the same request may be sent again), then {@link #afterSend} when a
 * request may have reached the provider and been acted on.
 */
public class GatewayException extends RuntimeException {

  private final ErrorCode code;
  private final boolean retryable;
  private final Duration retryAfter;
  private final ProviderFacts provider;
  private final boolean providerMayHaveActed;

  private GatewayException(
      ErrorCode code,
      String detail,
      boolean retryable,
      Duration retryAfter,
      ProviderFacts provider,
      boolean providerMayHaveActed) {
    super(detail, null, false, false);
    this.code = code;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
    this.provider = provider;
    this.providerMayHaveActed = providerMayHaveActed;
  }

  /**
   * Not retryable: the same request, sent again, gets the same answer (caller input that breaks a
   * rule of the contract, or a provider's refusal).
   */
  public static GatewayException rejected(ErrorCode code, String detail) {
    return new GatewayException(code, detail, false, null, null, false);
  }

  /** Retryable: sending the same request again can succeed without acting twice. */
  public static GatewayException retryable(ErrorCode code, String detail) {
    return new GatewayException(code, detail, true, null, null, false);
  }

  /** This problem, where a request may have reached the provider and been acted on. */
  public GatewayException afterSend() {
    return new GatewayException(code, getMessage(), retryable, retryAfter, provider, true);
  }

  /** This problem with a {@code Retry-After}: how long the caller should wait before repeating. */
  public GatewayException withRetryAfter(Duration wait) {
    return new GatewayException(
        code, getMessage(), retryable, wait, provider, providerMayHaveActed);
  }

  /** This problem with {@code provider} named, when it does not name one yet. */
  public GatewayException involving(Provider involved) {
    if (provider != null) {
      return this;
    }
    return involving(new ProviderFacts(involved, null, null, null));
  }

  /** This problem with what the provider told us about it. */
  public GatewayException involving(ProviderFacts facts) {
    return new GatewayException(
        code, getMessage(), retryable, retryAfter, facts, providerMayHaveActed);
  }

  public ErrorCode code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  public boolean retryable() {
    return retryable;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public Optional<ProviderFacts> provider() {
    return Optional.ofNullable(provider);
  }

  /**
   * Whether a request may have reached the provider and been acted on; false when it certainly was
   * not sent or certainly not acted on (validation, circuit open, connection refused...).
   */
  public boolean providerMayHaveActed() {
    return providerMayHaveActed;
  }

  /**
   * What a provider told us about a failure, safe to show a caller: never the provider's own
   * message or body.
   */
  public record ProviderFacts(
      Provider provider, Integer providerStatus, String providerCode, String providerTraceId) {}
}
