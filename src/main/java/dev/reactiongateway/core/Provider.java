package dev.reactiongateway.core;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The providers behind the gateway, each with the rule its message ids must meet. The rules are
 * strict on purpose: an id that passes can never change the upstream URL's path or query.
 */
public enum Provider {
  CHERT {
    private final Pattern allowed = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    @Override
    String canonicalId(String raw) {
      if (!allowed.matcher(raw).matches() || raw.equals(".") || raw.equals("..")) {
        throw GatewayException.invalid(
            ErrorCode.INVALID_MESSAGE_ID,
            "chert message ids are 1-128 characters of A-Z a-z 0-9 _ - . and not '.' or '..'");
      }
      return raw;
    }
  },
  LINQ {
    private final Pattern digits = Pattern.compile("[0-9]{1,19}");

    @Override
    String canonicalId(String raw) {
      if (digits.matcher(raw).matches()) {
        try {
          long id = Long.parseLong(raw);
          if (id > 0) {
            return Long.toString(id);
          }
        } catch (NumberFormatException tooLarge) {
          // falls through to the answer below
        }
      }
      throw GatewayException.invalid(
          ErrorCode.INVALID_MESSAGE_ID,
          "linq message ids are positive integers up to 9223372036854775807");
    }
  };

  /** Validates a raw id and returns its canonical form, or throws {@code invalid_message_id}. */
  abstract String canonicalId(String raw);

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Provider> parse(String raw) {
    String value = raw.strip().toLowerCase(Locale.ROOT);
    for (Provider provider : values()) {
      if (provider.wireName().equals(value)) {
        return Optional.of(provider);
      }
    }
    return Optional.empty();
  }
}
