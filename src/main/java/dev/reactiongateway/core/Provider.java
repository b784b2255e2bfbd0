package dev.reactiongateway.core;

import java.util.Locale;
import java.util.Optional;

/**
 * The providers behind the gateway. What each one accepts and can do (its id rule, its APIs and
 * their capabilities) is declared by its adapter, through {@link ProviderAdapter}.
 */
public enum Provider {
  CHERT,
  LINQ;

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
