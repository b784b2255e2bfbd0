package dev.reactiongateway.core;

import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One normalised request: what to do to which message (and which part of it), and the request id
 * that travels with it.
 *
 * @param partIndex the 0-based part of a multi-part message; empty for the provider's default
 */
public record ReactionCommand(
    MessageRef message,
    ReactionValue reaction,
    Operation operation,
    OptionalInt partIndex,
    String requestId) {

  public Provider provider() {
    return message.provider();
  }

  /** The capabilities this request needs from the provider API its message is at. */
  public Set<Capability> needs() {
    Set<Capability> needs = EnumSet.noneOf(Capability.class);
    if (operation == Operation.REMOVE) {
      needs.add(Capability.REMOVE);
    }
    if (reaction instanceof CustomEmoji) {
      needs.add(Capability.CUSTOM_EMOJI);
    }
    if (partIndex.orElse(0) != 0) {
      needs.add(Capability.PART_INDEX);
    }
    return needs;
  }

  /**
   * What makes two requests the same after normalisation ("❤️" and "love" are one request, and so
   * are no partIndex and partIndex 0). A request without a part keeps the form that keys stored
   * before part targeting existed were claimed with, so their retries still replay.
   */
  public String fingerprint() {
    String request =
        provider().wireName()
            + "|"
            + message.id()
            + "|"
            + reaction.wireName()
            + "|"
            + operation.wireName();
    int part = partIndex.orElse(0);
    return part == 0 ? request : request + "|part=" + part;
  }
}
