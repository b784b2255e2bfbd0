package dev.reactiongateway.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the Linq v3 stand-in has accepted: each message's reactions from the gateway's own line, per
 * part, with adds and removes applied in order, so that a read after a send shows it. Kept for the
 * most recently reacted messages only (a dev-mode memory bound).
 */
@Singleton
@IfBuildProperty(name = "gateway.stand-ins.enabled", stringValue = "true")
class AcceptedReactions {

  /** The stand-in's own line, as Linq's read shows the reactor. */
  static final String OWN_HANDLE = "+15555550100";

  private static final int MESSAGES = 1_000;

  private final ObjectMapper mapper;

  /** Message id → parts (index → reactions, oldest first); the eldest message goes first. */
  private final Map<String, List<List<Accepted>>> messages =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<List<Accepted>>> eldest) {
          return size() > MESSAGES;
        }
      };

  AcceptedReactions(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  private record Accepted(String id, String type, String customEmoji) {
    boolean same(String otherType, String otherEmoji) {
      return type.equals(otherType)
          && (customEmoji == null ? otherEmoji == null : customEmoji.equals(otherEmoji));
    }
  }

  /** Applies an accepted request body ({@code operation}, {@code type}, ...) to the message. */
  synchronized void apply(String messageId, JsonNode request) {
    String type = request.path("type").textValue();
    String emoji = request.path("custom_emoji").textValue();
    int part = request.path("part_index").asInt(0);
    List<List<Accepted>> parts = messages.computeIfAbsent(messageId, id -> new ArrayList<>());
    while (parts.size() <= part) {
      parts.add(new ArrayList<>());
    }
    List<Accepted> reactions = parts.get(part);
    boolean present = reactions.stream().anyMatch(r -> r.same(type, emoji));
    if (request.path("operation").asText().equals("remove")) {
      reactions.removeIf(r -> r.same(type, emoji));
    } else if (!present) {
      reactions.add(new Accepted(UUID.randomUUID().toString(), type, emoji));
    }
  }

  /**
   * The message as Linq's read shows it: at least one text part, as many as the highest part
   * reacted to, each with its reactions.
   */
  synchronized ObjectNode message(String messageId) {
    ObjectNode message = mapper.createObjectNode().put("id", messageId);
    ArrayNode parts = message.putArray("parts");
    List<List<Accepted>> known = messages.getOrDefault(messageId, List.of());
    for (int index = 0; index < Math.max(1, known.size()); index++) {
      ObjectNode part = parts.addObject().put("type", "text").put("value", "stand-in message");
      ArrayNode reactions = part.putArray("reactions");
      for (Accepted accepted : index < known.size() ? known.get(index) : List.<Accepted>of()) {
        ObjectNode reaction =
            reactions
                .addObject()
                .put("type", accepted.type())
                .put("custom_emoji", accepted.customEmoji())
                .putNull("sticker")
                .put("is_me", true)
                .put("id", accepted.id());
        reaction.putObject("handle").put("handle", OWN_HANDLE).put("service", "iMessage");
      }
    }
    return message;
  }
}
