package dev.reactiongateway.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A request that ends in a problem answer: carries the stable {@link ErrorCode}, a detail that says
 * what to change, whether repeating the same request can succeed, and provider facts when a
 * provider was involved. No stack trace: this is an answer, not a bug.
 */
public class GatewayException extends RuntimeException {

  private final ErrorCode code;
  private final boolean retryable;
  private final Duration retryAfter;
  private final ProviderFacts provider;
  private final boolean providerMayHaveActed;

  public GatewayException(ErrorCode code, String detail) {
    this(code, detail, false, null, null, false);
  }

  public GatewayException(
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

  /** Caller input that breaks a rule of the contract; never retryable as sent. */
  public static GatewayException invalid(ErrorCode code, String detail) {
    return new GatewayException(code, detail);
  }

  /** This problem with {@code provider} named, when it does not name one yet. */
  public GatewayException involving(Provider involved) {
    if (provider != null) {
      return this;
    }
    return new GatewayException(
        code,
        getMessage(),
        retryable,
        retryAfter,
        new ProviderFacts(involved, null, null, null),
        providerMayHaveActed);
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
