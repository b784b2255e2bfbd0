package dev.reactiongateway.core;

/** One normalised request: what to do to which message, and the request id that travels with it. */
public record ReactionCommand(
    MessageRef message, Reaction reaction, Operation operation, String requestId) {

  public Provider provider() {
    return message.provider();
  }

  /** What makes two requests the same after normalisation ("❤️" and "love" are one request). */
  public String fingerprint() {
    return provider().wireName()
        + "|"
        + message.id()
        + "|"
        + reaction.wireName()
        + "|"
        + operation.wireName();
  }
}
