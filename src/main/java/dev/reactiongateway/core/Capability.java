package dev.reactiongateway.core;

/**
 * What a request may need beyond adding one of the six tapbacks (reading a message's reactions is
 * one of them). Each provider API declares the ones it has ({@link ProviderApi}); the router
 * refuses a request that needs one its API lacks.
 */
public enum Capability {
  REMOVE("remove a reaction", "only operation 'add' can be sent to it"),
  CUSTOM_EMOJI(
      "send a custom emoji reaction",
      "send one of love, like, dislike, laugh, emphasize, question (or an alias)"),
  PART_INDEX("target a part other than 0", "omit partIndex or send 0"),
  READ_REACTIONS(
      "read a message's reactions", "only sending reactions is possible for its messages");

  private final String action;
  private final String instead;

  Capability(String action, String instead) {
    this.action = action;
    this.instead = instead;
  }

  /** What the capability does, as in "linq v2 cannot ...". */
  public String action() {
    return action;
  }

  /** What a caller can change to do without it. */
  public String instead() {
    return instead;
  }
}
