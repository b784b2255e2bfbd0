package dev.reactiongateway.core;

import java.util.Locale;
import java.util.Optional;

/**
 * Put a tapback on a message, take it off, or read the reactions a message carries. A caller asks
 * for the first two in {@code POST /v1/reactions}; a read is its own endpoint.
 */
public enum Operation {
  ADD("sent"),
  REMOVE("removed"),
  READ(null);

  private final String successStatus;

  Operation(String successStatus) {
    this.successStatus = successStatus;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether doing it twice has the effect of doing it once (so a re-send is harmless). */
  public boolean idempotent() {
    return this != ADD;
  }

  /** The {@code status} of the 200 answer for this operation; null for a read. */
  public String successStatus() {
    return successStatus;
  }

  /** The change a caller asked {@code POST /v1/reactions} for: add or remove, never read. */
  public static Optional<Operation> parse(String raw) {
    String value = raw.strip().toLowerCase(Locale.ROOT);
    for (Operation operation : new Operation[] {ADD, REMOVE}) {
      if (operation.wireName().equals(value)) {
        return Optional.of(operation);
      }
    }
    return Optional.empty();
  }
}
