package dev.reactiongateway.core;

import java.util.List;

/**
 * The reactions a message carries now, as its provider reported them: every part in order, each
 * with its reactions in the provider's order. The reaction fields are those of the canonical
 * reaction event ({@link Sticker}, {@link Handle}), so a read and an event describe a reaction
 * alike.
 */
public record MessageReactions(int status, String traceId, List<Part> parts)
    implements ProviderAnswer {

  public MessageReactions {
    parts = List.copyOf(parts);
  }

  /** One part of the message; {@code partIndex} is its position. */
  public record Part(int partIndex, List<PlacedReaction> reactions) {
    public Part {
      reactions = List.copyOf(reactions);
    }
  }

  /**
   * One reaction on a part.
   *
   * @param reaction a tapback name, the emoji of a custom reaction, or {@code sticker}
   * @param sticker the sticker when {@code reaction} is {@code sticker}, else null
   * @param from who reacted, or null when the provider does not say
   * @param providerReactionId the provider's id of the reaction, or null when it gave none
   */
  public record PlacedReaction(
      String reaction, Sticker sticker, boolean isFromMe, Handle from, String providerReactionId) {

    public static final String STICKER = "sticker";
  }
}
