package dev.reactiongateway.core;

import java.time.Duration;
import java.util.Optional;

/**
 * One failed upstream attempt, described in provider-neutral terms so that one classifier can
 * decide what it means. Never carries the provider's own message or body.
 */
public final class ProviderFailure extends RuntimeException {

  /** What happened on the wire. */
  public enum Kind {
    /** Connection refused, connect timeout or DNS failure: nothing was sent. */
    CONNECT_FAILED,
    /** No pooled connection was free in the gateway itself: nothing was sent. */
    POOL_EXHAUSTED,
    /** The request was sent and no answer came in time: the provider may have acted. */
    TIMEOUT,
    /** The connection broke mid-exchange: the provider may have acted. */
    CONNECTION_LOST,
    /** The provider answered with an error status. */
    ERROR_STATUS,
    /** The provider answered success with a body we cannot read. */
    UNEXPECTED_RESPONSE
  }

  private final Provider provider;
  private final Kind kind;
  private final int status;
  private final String providerCode;
  private final Boolean retryableFlag;
  private final Duration retryAfter;
  private final String traceId;
  private final boolean deliveryFailed;

  private ProviderFailure(
      Provider provider,
      Kind kind,
      int status,
      String providerCode,
      Boolean retryableFlag,
      Duration retryAfter,
      String traceId,
      boolean deliveryFailed,
      Throwable cause) {
    super(provider.wireName() + " " + kind + (status > 0 ? " " + status : ""), cause, false, false);
    this.provider = provider;
    this.kind = kind;
    this.status = status;
    this.providerCode = providerCode;
    this.retryableFlag = retryableFlag;
    this.retryAfter = retryAfter;
    this.traceId = traceId;
    this.deliveryFailed = deliveryFailed;
  }

  /** A failure on the wire, with no answer from the provider. */
  public static ProviderFailure transport(Provider provider, Kind kind, Throwable cause) {
    return new ProviderFailure(provider, kind, 0, null, null, null, null, false, cause);
  }

  /**
   * An error status, with what the provider's envelope and headers said; {@code deliveryFailed}
   * when the provider's code says the reaction could not be delivered to the recipient.
   */
  public static ProviderFailure errorStatus(
      Provider provider,
      int status,
      String providerCode,
      Boolean retryableFlag,
      Duration retryAfter,
      String traceId,
      boolean deliveryFailed) {
    return new ProviderFailure(
        provider,
        Kind.ERROR_STATUS,
        status,
        providerCode,
        retryableFlag,
        retryAfter,
        traceId,
        deliveryFailed,
        null);
  }

  /** A success status whose body does not match the provider's documented shape. */
  public static ProviderFailure unexpectedResponse(Provider provider, int status, String traceId) {
    return new ProviderFailure(
        provider, Kind.UNEXPECTED_RESPONSE, status, null, null, null, traceId, false, null);
  }

  public Provider provider() {
    return provider;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status the provider answered, or 0 when it did not answer. */
  public int status() {
    return status;
  }

  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }

  /** The envelope's {@code retryable} flag, when the provider set one. */
  public Optional<Boolean> retryableFlag() {
    return Optional.ofNullable(retryableFlag);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public Optional<String> traceId() {
    return Optional.ofNullable(traceId);
  }

  /** The provider said delivery to the recipient failed downstream (nothing was delivered). */
  public boolean deliveryFailed() {
    return deliveryFailed;
  }
}
