package dev.reactiongateway.provider.chert;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import java.util.regex.Pattern;

/**
 * Chert's message id rule, strict on purpose: an id that passes can never change the upstream URL's
 * path or query.
 */
final class ChertMessageIds {

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  private ChertMessageIds() {}

  /** The id as sent upstream, or {@code invalid_message_id}. */
  static String canonical(String raw) {
    if (!ALLOWED.matcher(raw).matches() || raw.equals(".") || raw.equals("..")) {
      throw GatewayException.rejected(
          ErrorCode.INVALID_MESSAGE_ID,
          "chert message ids are 1-128 characters of A-Z a-z 0-9 _ - . and not '.' or '..'");
    }
    return raw;
  }
}
