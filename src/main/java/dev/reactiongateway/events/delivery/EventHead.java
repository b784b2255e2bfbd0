package dev.reactiongateway.events.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** What delivery needs from a stored event's JSON: whom it is for, its id, when it was received. */
record EventHead(String id, String type, String provider, Instant receivedAt) {

  /**
   * Reads the fields from the canonical event's JSON.
   *
   * @throws IllegalArgumentException when the JSON is not a canonical event
   */
  static EventHead of(ObjectMapper json, byte[] event) {
    try {
      JsonNode node = json.readTree(event);
      String id = node.path("id").asText();
      if (id.isEmpty()) {
        throw new IllegalArgumentException("no id");
      }
      return new EventHead(
          id,
          node.path("type").asText(),
          node.path("provider").asText(),
          Instant.parse(node.path("receivedAt").asText()));
    } catch (IOException | DateTimeParseException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }
}
