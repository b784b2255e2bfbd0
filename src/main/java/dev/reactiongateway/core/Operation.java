package dev.reactiongateway.core;

import java.util.Locale;
import java.util.Optional;

/** Put a tapback on a message, or take it off. */
public enum Operation {
  ADD("sent"),
  REMOVE("removed");

  private final String successStatus;

  Operation(String successStatus) {
    this.successStatus = successStatus;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether doing it twice has the effect of doing it once (so a re-send is harmless). */
  public boolean idempotent() {
    return this == REMOVE;
  }

  /** The {@code status} of the 200 answer for this operation. */
  public String successStatus() {
    return successStatus;
  }

  public static Optional<Operation> parse(String raw) {
    String value = raw.strip().toLowerCase(Locale.ROOT);
    for (Operation operation : values()) {
      if (operation.wireName().equals(value)) {
        return Optional.of(operation);
      }
    }
    return Optional.empty();
  }
}
