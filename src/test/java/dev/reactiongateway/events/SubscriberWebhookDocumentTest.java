package dev.reactiongateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.core.Handle;
import dev.reactiongateway.core.Sticker;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed OpenAPI document's {@code webhooks} section describes what a subscriber receives:
 * the canonical event exactly as {@link ReactionEvent} is written (every component a required key,
 * nullable where the record allows null), and the Standard Webhooks headers. The document is the
 * served one ({@code OpenApiContractTest}).
 */
class SubscriberWebhookDocumentTest {

  private static final String SCHEMAS = "/components/schemas/";

  /** Reference components that the canonical event always carries: never null. */
  private static final Set<String> NEVER_NULL =
      Set.of(
          "id", "type", "provider", "api", "reaction", "receivedAt", "providerEventId", "handle");

  private static JsonNode document;
  private static JsonNode delivery;

  @BeforeAll
  static void read() throws IOException {
    document = new ObjectMapper().readTree(Path.of("src/main/openapi/openapi.json").toFile());
    delivery = document.at("/webhooks/reactionEvent/post");
  }

  @Test
  void theEventSchemaIsTheCanonicalEventRecord() {
    JsonNode body = delivery.at("/requestBody/content/application~1json/schema");
    assertEquals("#/components/schemas/ReactionEvent", body.path("$ref").asText());
    assertTrue(delivery.at("/requestBody/required").asBoolean());
    assertSchemaMatches("ReactionEvent", ReactionEvent.class);
    assertSchemaMatches("ReactionEventSticker", Sticker.class);
    assertSchemaMatches("ReactionEventHandle", Handle.class);
    JsonNode event = document.at(SCHEMAS + "ReactionEvent/properties");
    assertEquals(
        List.of(ReactionEvent.ADDED, ReactionEvent.REMOVED), texts(event.at("/type/enum")), "type");
    assertEquals("date-time", event.at("/occurredAt/format").asText());
    assertEquals("date-time", event.at("/receivedAt/format").asText());
    assertEquals(0, event.at("/partIndex/minimum").asInt());
  }

  @Test
  void theStandardWebhooksHeadersAreRequired() {
    Map<String, JsonNode> headers = new HashMap<>();
    for (JsonNode parameter : delivery.path("parameters")) {
      assertEquals("header", parameter.path("in").asText());
      assertTrue(parameter.path("required").asBoolean(), parameter.toString());
      headers.put(parameter.path("name").asText(), parameter);
    }
    assertEquals(
        Set.of(StandardWebhooks.ID, StandardWebhooks.TIMESTAMP, StandardWebhooks.SIGNATURE),
        headers.keySet());
    String signature = headers.get(StandardWebhooks.SIGNATURE).at("/schema/pattern").asText();
    byte[] key = StandardWebhooks.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7Jxx2Oll+OE=");
    String signed = StandardWebhooks.sign(key, "linq:1", 1_770_319_873L, new byte[] {'{', '}'});
    assertTrue(signed.matches(signature), signed + " against " + signature);
    assertTrue((signed + " " + signed).matches(signature), "several entries");
    assertFalse("v1a,abc".matches(signature));
  }

  @Test
  void aTwoHundredAcknowledgesAndAnythingElseIsRetried() {
    JsonNode responses = delivery.path("responses");
    Set<String> codes = new HashSet<>();
    responses.fieldNames().forEachRemaining(codes::add);
    assertEquals(Set.of("2XX", "default"), codes);
    assertTrue(responses.at("/default/description").asText().contains("retried"));
  }

  /**
   * The schema's properties are the record's components, all required; a component is nullable in
   * the schema exactly when its type is a reference type that the event may leave null.
   */
  private static void assertSchemaMatches(String name, Class<? extends Record> record) {
    JsonNode schema = document.at(SCHEMAS + name);
    Set<String> components =
        Arrays.stream(record.getRecordComponents())
            .map(RecordComponent::getName)
            .collect(Collectors.toSet());
    Set<String> properties = new HashSet<>();
    schema.path("properties").fieldNames().forEachRemaining(properties::add);
    assertEquals(components, properties, name + " properties");
    assertEquals(components, Set.copyOf(texts(schema.path("required"))), name + " required");
    for (RecordComponent component : record.getRecordComponents()) {
      boolean nullable =
          !component.getType().isPrimitive() && !NEVER_NULL.contains(component.getName());
      assertEquals(
          nullable,
          nullable(schema.path("properties").path(component.getName())),
          name + "." + component.getName() + " nullable");
    }
  }

  /** A 3.1 schema admits null by a {@code "null"} type, or a {@code oneOf} branch of it. */
  private static boolean nullable(JsonNode property) {
    if (texts(property.path("type")).contains("null")) {
      return true;
    }
    for (JsonNode branch : property.path("oneOf")) {
      if (branch.path("type").asText().equals("null")) {
        return true;
      }
    }
    return false;
  }

  private static List<String> texts(JsonNode node) {
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    List<String> texts = new ArrayList<>();
    node.forEach(item -> texts.add(item.asText()));
    return texts;
  }
}
