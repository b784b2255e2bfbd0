package dev.reactiongateway.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * What the served OpenAPI document says, checked against what the gateway does: {@link
 * OpenApiContractTest} only proves the served and committed documents are equal, which a wrong
 * document passes as well.
 */
@QuarkusTest
class OpenApiDocumentTest {

  private static final String REACT = "/paths/~1v1~1reactions/post";
  private static final String READ = "/paths/~1v1~1messages~1{messageId}~1reactions/get";

  @Test
  void eachHeaderParameterCarriesItsOwnDescriptionAndSchema() throws Exception {
    assertHeaderParameters(served());
  }

  @Test
  void theRequestSchemaAcceptsWhatTheServiceAccepts() throws Exception {
    JsonNode request = served().at("/components/schemas/ReactionRequest");
    JsonNode provider = request.at("/properties/provider");
    JsonNode operation = request.at("/properties/operation");
    assertAll(
        () -> assertTrue(provider.path("enum").isMissingNode(), "provider is an enum"),
        () -> assertTrue(operation.path("enum").isMissingNode(), "operation is an enum"),
        () ->
            assertTrue(
                operation.path("default").isMissingNode(),
                "operation has a default, which generators read as required"),
        () -> assertMatches(provider, "LINQ", " Chert "),
        () -> assertMatches(operation, "Remove", "ADD"),
        () -> assertFalse(matches(provider, "sms"), "provider pattern admits sms"),
        () -> assertFalse(matches(operation, "delete"), "operation pattern admits delete"),
        () -> assertEquals(Set.of("messageId"), texts(request.path("required")), "required"),
        () ->
            assertEquals(
                Set.of("reaction", "type"),
                StreamSupport.stream(request.at("/allOf/0/anyOf").spliterator(), false)
                    .map(branch -> texts(branch.path("required")))
                    .map(required -> String.join(",", required))
                    .collect(Collectors.toSet()),
                "anyOf: one branch requiring reaction, one requiring type"));
  }

  @Test
  void answersDescribeWhatEveryOneCarries() throws Exception {
    JsonNode document = served();
    assertAll(
        () ->
            assertEquals(
                "date-time",
                document
                    .at("/components/schemas/ReactionResponse/properties/sentAt/format")
                    .asText()),
        () ->
            assertEquals(
                Set.of("type", "title", "status", "detail", "code", "retryable", "requestId"),
                texts(document.at("/components/schemas/Problem/required"))),
        () ->
            assertTrue(
                document.at(REACT + "/responses/401/headers/WWW-Authenticate/schema").isObject(),
                "401 documents WWW-Authenticate"),
        () -> assertTrue(document.path("servers").size() > 0, "servers entry"));
  }

  @Test
  void theReadDocumentsItsAnswerAndOnlyTheProblemsItCanAnswer() throws Exception {
    JsonNode document = served();
    JsonNode read = document.at(READ);
    assertAll(
        () ->
            assertEquals(
                "#/components/schemas/MessageReactionsResponse",
                read.at("/responses/200/content/application~1json/schema/$ref").asText()),
        () ->
            assertEquals(
                Set.of("messageId", "provider", "X-Request-Id"),
                StreamSupport.stream(read.path("parameters").spliterator(), false)
                    .map(parameter -> parameter.path("name").asText())
                    .collect(Collectors.toSet())),
        () -> assertTrue(read.at("/security/0/bearer").isArray(), "bearer security"),
        () ->
            assertTrue(
                read.at("/responses/404/description").asText().contains("message_not_found"),
                "404 message_not_found"),
        () ->
            assertTrue(
                read.at("/responses/422/description").asText().contains("unsupported_operation"),
                "422 unsupported_operation"),
        () ->
            assertFalse(
                read.at("/responses/422/description").asText().contains("idempotency"),
                "a read has no idempotency key"),
        () -> assertTrue(read.at("/responses/413").isMissingNode(), "a read has no body"),
        () ->
            assertTrue(
                read.at("/responses/200/headers/Idempotent-Replayed").isMissingNode(),
                "a read is never replayed"),
        () ->
            assertEquals(
                Set.of("reaction", "sticker", "isFromMe", "from", "providerReactionId"),
                fieldNames(document.at("/components/schemas/MessageReaction/properties"))));
  }

  private static Set<String> fieldNames(JsonNode object) {
    Set<String> names = new HashSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * Each header parameter is described as itself: its own limits in its description and schema. A
   * static method so the same check can be run over any document, an older one included.
   */
  static void assertHeaderParameters(JsonNode document) {
    JsonNode idempotencyKey = parameter(document, "Idempotency-Key");
    JsonNode requestId = parameter(document, "X-Request-Id");
    assertAll(
        () -> assertTrue(idempotencyKey.isObject(), "Idempotency-Key parameter"),
        () -> assertTrue(requestId.isObject(), "X-Request-Id parameter"),
        () ->
            assertTrue(
                idempotencyKey.path("description").asText().contains("1-255 visible ASCII"),
                "Idempotency-Key description: " + idempotencyKey.path("description")),
        () ->
            assertTrue(
                requestId.path("description").asText().contains("1-128 visible ASCII"),
                "X-Request-Id description: " + requestId.path("description")),
        () -> assertEquals(1, idempotencyKey.at("/schema/minLength").asInt(), "key minLength"),
        () -> assertEquals(255, idempotencyKey.at("/schema/maxLength").asInt(), "key maxLength"),
        () -> assertEquals(1, requestId.at("/schema/minLength").asInt(), "id minLength"),
        () -> assertEquals(128, requestId.at("/schema/maxLength").asInt(), "id maxLength"),
        () -> assertMatches(idempotencyKey.path("schema"), "order-7:a/b", "~!"),
        () -> assertFalse(matches(idempotencyKey.path("schema"), "two words"), "key admits space"),
        () -> assertMatches(requestId.path("schema"), "a0cbae9a-5d75-4feb-b1cc-95187e2c64b9"),
        () -> assertFalse(matches(requestId.path("schema"), "tab\there"), "id admits a tab"));
  }

  private static JsonNode parameter(JsonNode document, String name) {
    for (JsonNode parameter : document.at(REACT + "/parameters")) {
      if (parameter.path("name").asText().equals(name)) {
        return parameter;
      }
    }
    return MissingNode.getInstance();
  }

  private static void assertMatches(JsonNode schema, String... values) {
    for (String value : values) {
      assertTrue(matches(schema, value), schema.path("pattern") + " refuses '" + value + "'");
    }
  }

  /** The schema's pattern as a JSON Schema validator applies it: unanchored, ECMA-262 syntax. */
  private static boolean matches(JsonNode schema, String value) {
    JsonNode pattern = schema.path("pattern");
    return pattern.isTextual() && Pattern.compile(pattern.asText()).matcher(value).find();
  }

  private static Set<String> texts(JsonNode array) {
    Set<String> texts = new HashSet<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private static JsonNode served() throws Exception {
    return new ObjectMapper()
        .readTree(
            given().queryParam("format", "json").get("/q/openapi").then().extract().asString());
  }
}
