package dev.reactiongateway.api;

import dev.reactiongateway.core.Handle;
import dev.reactiongateway.core.MessageReactions;
import dev.reactiongateway.core.MessageRef;
import dev.reactiongateway.core.Sticker;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The 200 answer of a read (docs/api-and-errors.md, "Reading a message's reactions"). Every field
 * is written, nulls included, so a caller sees one fixed set of keys, as in a reaction event.
 */
@RegisterForReflection
@Schema(name = "MessageReactionsResponse")
public record MessageReactionsResponse(
    @Schema(required = true) String provider,
    @Schema(required = true, description = "The provider API that holds the message, e.g. v3.")
        String api,
    @Schema(required = true, description = "The provider's own id, unqualified.") String messageId,
    @Schema(
            required = true,
            description =
                "Every part of the message in order, each with the reactions it carries now.")
        List<Part> parts,
    @Schema(required = true) String requestId) {

  /** One part of the message, at its position. */
  @RegisterForReflection
  @Schema(name = "MessageReactionsPart")
  public record Part(
      @Schema(required = true, minimum = "0", description = "The part's 0-based position.")
          int partIndex,
      @Schema(required = true, description = "In the provider's order; possibly none.")
          List<PartReaction> reactions) {}

  /** One reaction on a part, in the canonical event's terms. */
  @RegisterForReflection
  @Schema(name = "MessageReaction")
  public record PartReaction(
      @Schema(
              required = true,
              description =
                  "love, like, dislike, laugh, emphasize or question; the emoji itself for a"
                      + " custom reaction; or sticker.")
          String reaction,
      @Schema(
              required = true,
              nullable = true,
              description =
                  "The sticker (fileName, mimeType, width, height, url; any may be null) when"
                      + " reaction is sticker and the provider describes it; null otherwise. The"
                      + " provider's url may expire (Linq's after an hour).")
          Sticker sticker,
      @Schema(required = true, description = "Whether the reaction is from the gateway's own line.")
          boolean isFromMe,
      @Schema(
              required = true,
              nullable = true,
              description =
                  "Who reacted: handle (phone number or email) and service; null when the"
                      + " provider does not say.")
          Handle from,
      @Schema(
              required = true,
              nullable = true,
              description = "The provider's id of the reaction, when it gives one.")
          String providerReactionId) {}

  static MessageReactionsResponse from(
      MessageRef message, MessageReactions reactions, String requestId) {
    return new MessageReactionsResponse(
        message.provider().wireName(),
        message.api().version(),
        message.id(),
        reactions.parts().stream()
            .map(
                part ->
                    new Part(
                        part.partIndex(),
                        part.reactions().stream()
                            .map(
                                placed ->
                                    new PartReaction(
                                        placed.reaction(),
                                        placed.sticker(),
                                        placed.isFromMe(),
                                        placed.from(),
                                        placed.providerReactionId()))
                            .toList()))
            .toList(),
        requestId);
  }
}
