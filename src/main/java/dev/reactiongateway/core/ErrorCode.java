package dev.reactiongateway.core;

/**
 * The stable, machine-readable {@code code} of every problem answer (docs/api-and-errors.md).
 * Callers code against these strings, so they never change once published.
 */
public enum ErrorCode {
  INVALID_JSON(400, "Invalid JSON"),
  INVALID_REQUEST(400, "Invalid request"),
  INVALID_REACTION(400, "Invalid reaction"),
  INVALID_MESSAGE_ID(400, "Invalid message id"),
  UNKNOWN_PROVIDER(400, "Unknown provider"),
  INVALID_EVENT(400, "Invalid event"),
  UNAUTHORIZED(401, "Unauthorized"),
  INVALID_SIGNATURE(401, "Invalid signature"),
  MESSAGE_NOT_FOUND(404, "Message not found"),
  NOT_FOUND(404, "Not found"),
  METHOD_NOT_ALLOWED(405, "Method not allowed"),
  NOT_ACCEPTABLE(406, "Not acceptable"),
  IDEMPOTENCY_KEY_IN_FLIGHT(409, "Idempotency key in flight"),
  PAYLOAD_TOO_LARGE(413, "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
  UNSUPPORTED_OPERATION(422, "Unsupported operation"),
  CURSOR_EXPIRED(410, "Cursor expired"),
  IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused"),
  RATE_LIMITED(429, "Rate limited"),
  INTERNAL_ERROR(500, "Internal error"),
  IDEMPOTENCY_STORE_UNAVAILABLE(503, "Idempotency store unavailable"),
  EVENT_STORE_UNAVAILABLE(503, "Event store unavailable"),
  PROVIDER_ERROR(502, "Provider error"),
  PROVIDER_DELIVERY_FAILED(502, "Provider delivery failed"),
  PROVIDER_TIMEOUT(502, "Provider timeout"),
  PROVIDER_UNREACHABLE(502, "Provider unreachable"),
  PROVIDER_CIRCUIT_OPEN(502, "Provider circuit open"),
  PROVIDER_BUSY(502, "Provider busy"),
  PROVIDER_REJECTED(502, "Provider rejected the request"),
  PROVIDER_RATE_LIMITED(502, "Provider rate limited");

  private final int status;
  private final String title;

  ErrorCode(int status, String title) {
    this.status = status;
    this.title = title;
  }

  /** The wire form, e.g. {@code invalid_reaction}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The last segment of the problem {@code type} URI, e.g. {@code invalid-reaction}. */
  public String slug() {
    return code().replace('_', '-');
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
