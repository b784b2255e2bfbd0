package dev.reactiongateway.provider.linq;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.reactiongateway.core.MessageReactions;
import dev.reactiongateway.core.MessageReactions.PlacedReaction;
import dev.reactiongateway.core.Reaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The part of Linq v3's message read ({@code GET /api/partner/v3/messages/{id}}) the gateway uses:
 * each part's current reactions. Its names differ from the webhook's ({@code type}, {@code is_me},
 * {@code handle}, {@code id}); everything else in the message is ignored.
 */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
record LinqV3Message(List<Part> parts) {

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Part(List<PartReaction> reactions) {}

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PartReaction(
      String type,
      @JsonProperty("custom_emoji") String customEmoji,
      Sticker sticker,
      @JsonProperty("is_me") Boolean isMe,
      Handle handle,
      String id) {}

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Sticker(
      @JsonProperty("file_name") String fileName,
      @JsonProperty("mime_type") String mimeType,
      Integer width,
      Integer height,
      String url) {}

  @RegisterForReflection
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Handle(String handle, String service) {}

  /**
   * The canonical reading: parts by position (none when Linq sends {@code parts} null), a part
   * without {@code reactions} has none. Throws {@link IllegalArgumentException} for a reaction the
   * canonical form cannot carry (no {@code type} or {@code is_me}, an unknown type, a custom one
   * without its emoji): the answer is then the provider's unreadable response.
   */
  MessageReactions canonical(int status, String traceId) {
    List<Part> all = parts == null ? List.of() : parts;
    List<MessageReactions.Part> canonical =
        IntStream.range(0, all.size())
            .mapToObj(index -> new MessageReactions.Part(index, reactions(all.get(index))))
            .toList();
    return new MessageReactions(status, traceId, canonical);
  }

  private static List<PlacedReaction> reactions(Part part) {
    List<PlacedReaction> placed = new ArrayList<>();
    if (part != null && part.reactions() != null) {
      for (PartReaction reaction : part.reactions()) {
        placed.add(canonical(reaction));
      }
    }
    return placed;
  }

  private static PlacedReaction canonical(PartReaction reaction) {
    if (reaction == null || reaction.type() == null || reaction.isMe() == null) {
      throw new IllegalArgumentException("a reaction without type or is_me");
    }
    Handle handle = reaction.handle();
    dev.reactiongateway.core.Handle from =
        handle == null
            ? null
            : new dev.reactiongateway.core.Handle(handle.handle(), handle.service());
    return new PlacedReaction(
        name(reaction),
        sticker(reaction),
        reaction.isMe(),
        from,
        reaction.id() == null || reaction.id().isEmpty() ? null : reaction.id());
  }

  private static String name(PartReaction reaction) {
    String type = reaction.type();
    if (type.equals("custom")) {
      if (reaction.customEmoji() == null || reaction.customEmoji().isEmpty()) {
        throw new IllegalArgumentException("a custom reaction without its emoji");
      }
      return reaction.customEmoji();
    }
    if (type.equals(PlacedReaction.STICKER)) {
      return PlacedReaction.STICKER;
    }
    for (Reaction tapback : Reaction.values()) {
      if (tapback.wireName().equals(type)) {
        return type;
      }
    }
    throw new IllegalArgumentException("an unknown reaction type");
  }

  private static dev.reactiongateway.core.Sticker sticker(PartReaction reaction) {
    Sticker sticker = reaction.sticker();
    if (!PlacedReaction.STICKER.equals(reaction.type()) || sticker == null) {
      return null;
    }
    return new dev.reactiongateway.core.Sticker(
        sticker.fileName(), sticker.mimeType(), sticker.width(), sticker.height(), sticker.url());
  }
}
