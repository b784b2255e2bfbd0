package dev.reactiongateway.api;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.UUID;

/** {@code X-Request-Id}: echoed when sane (1-128 visible ASCII characters), generated otherwise. */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";

  /** Visible ASCII (0x21-0x7E), as a JSON Schema pattern: the characters both headers allow. */
  public static final String VISIBLE_ASCII = "^[!-~]+$";

  static final int MAX_LENGTH = 128;

  private RequestIds() {}

  static String saneOrNew(String candidate) {
    return visibleAscii(candidate, MAX_LENGTH) ? candidate : UUID.randomUUID().toString();
  }

  /**
   * Whether a header value is 1 to {@code maxLength} characters of {@link #VISIBLE_ASCII}: the one
   * check behind both {@code X-Request-Id} and {@code Idempotency-Key}.
   */
  static boolean visibleAscii(String candidate, int maxLength) {
    if (candidate == null || candidate.isEmpty() || candidate.length() > maxLength) {
      return false;
    }
    for (int i = 0; i < candidate.length(); i++) {
      char c = candidate.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** The id the edge filter settled on for this request. */
  static String of(HttpHeaders headers) {
    return headers.getHeaderString(HEADER);
  }
}
