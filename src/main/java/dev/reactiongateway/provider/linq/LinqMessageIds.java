package dev.reactiongateway.provider.linq;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Linq's two kinds of message id, which also decide the API: a positive 64-bit integer is a v2
 * {@code chat_message_id}, a UUID is a v3 message id. Both rules are strict on purpose: an id that
 * passes can never change the upstream URL's path or query.
 */
final class LinqMessageIds {

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");

  private LinqMessageIds() {}

  /**
   * A v2 id in canonical form (no leading zeros), when {@code raw} is a positive 64-bit integer.
   */
  static Optional<String> v2(String raw) {
    if (DIGITS.matcher(raw).matches()) {
      try {
        long id = Long.parseLong(raw);
        if (id > 0) {
          return Optional.of(Long.toString(id));
        }
      } catch (NumberFormatException tooLarge) {
        // not a v2 id
      }
    }
    return Optional.empty();
  }

  /** A v3 id in canonical form (lower case), when {@code raw} is a UUID. */
  static Optional<String> v3(String raw) {
    return UUID.matcher(raw).matches()
        ? Optional.of(raw.toLowerCase(Locale.ROOT))
        : Optional.empty();
  }

  static GatewayException invalid() {
    return GatewayException.rejected(
        ErrorCode.INVALID_MESSAGE_ID,
        "linq message ids are positive integers up to 9223372036854775807 (Linq's v2 API) or"
            + " UUIDs such as 0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a10 (Linq's v3 API)");
  }
}
