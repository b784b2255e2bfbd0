package dev.reactiongateway.core;

import java.util.regex.Pattern;

/**
 * A provider behind the gateway, by the name callers, metrics and logs use for it. Each provider's
 * adapter declares its own ({@link ProviderAdapter#provider}), with what it accepts and can do;
 * {@link Providers} knows the registered ones.
 *
 * @param wireName lower-case ASCII letters, e.g. the {@code provider} field's value
 */
public record Provider(String wireName) {

  private static final Pattern NAME = Pattern.compile("[a-z]+");

  public Provider {
    if (!NAME.matcher(wireName).matches()) {
      throw new IllegalArgumentException(
          "a provider's name is lower-case ASCII letters, not '" + wireName + "'");
    }
  }

  @Override
  public String toString() {
    return wireName;
  }
}
