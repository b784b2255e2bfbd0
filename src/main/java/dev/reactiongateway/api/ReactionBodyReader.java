package dev.reactiongateway.api;

import static dev.reactiongateway.core.ErrorCode.INVALID_JSON;
import static dev.reactiongateway.core.ErrorCode.PAYLOAD_TOO_LARGE;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.core.GatewayException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A reaction's body as JSON, before any field is judged: one JSON object of at most 16 KiB, each
 * field the gateway reads at most once, nothing after it; 400 {@code invalid_json} (or 413) whose
 * detail says what to change otherwise. What the fields mean is {@link ReactionRequestParser}'s.
 */
final class ReactionBodyReader {

  /** The fields the gateway reads; the strictness (types, duplicates) applies to these only. */
  private static final Set<String> READ_FIELDS =
      Set.of("provider", "messageId", "reaction", "type", "operation", "partIndex");

  private final ObjectMapper mapper;

  ReactionBodyReader(ObjectMapper mapper) {
    this.mapper = JsonLimits.forRequestBodies(mapper);
  }

  ReactionRequest read(byte[] body) {
    if (body == null || body.length == 0) {
      throw GatewayException.rejected(
          INVALID_JSON,
          "the body is empty; send a JSON object such as"
              + " {\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"love\"}");
    }
    if (body.length > HttpEdge.MAX_BODY_BYTES) {
      throw GatewayException.rejected(PAYLOAD_TOO_LARGE, "the body must be at most 16 KiB");
    }
    try (JsonParser json = mapper.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw GatewayException.rejected(INVALID_JSON, "the body must be a JSON object");
      }
      Map<String, JsonNode> fields = new HashMap<>();
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        json.nextToken();
        if (!READ_FIELDS.contains(name)) {
          // Never built, never compared: whatever an unknown field holds cannot change the answer.
          json.skipChildren();
        } else if (fields.put(name, mapper.readTree(json)) != null) {
          throw GatewayException.rejected(
              INVALID_JSON, "the field " + name + " appears twice; send it once");
        }
      }
      if (json.nextToken() != null) {
        throw GatewayException.rejected(
            INVALID_JSON, "the body has text after its JSON object; send one JSON object");
      }
      return new ReactionRequest(
          fields.get("provider"),
          fields.get("messageId"),
          fields.get("reaction"),
          fields.get("type"),
          fields.get("operation"),
          fields.get("partIndex"));
    } catch (StreamConstraintsException tooComplex) {
      throw GatewayException.rejected(
          INVALID_JSON, "the body holds an oversized value; send one flat JSON object");
    } catch (JsonProcessingException malformed) {
      JsonLocation at = malformed.getLocation();
      throw GatewayException.rejected(
          INVALID_JSON,
          "the body is not valid JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
              + "; send one JSON object");
    } catch (IOException unreadable) {
      throw GatewayException.rejected(INVALID_JSON, "the body could not be read as JSON");
    }
  }
}
