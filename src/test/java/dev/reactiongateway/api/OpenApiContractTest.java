package dev.reactiongateway.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document must equal the committed one, so any change to the contract is a
 * deliberate, reviewed change of {@code src/main/openapi/openapi.json}.
 */
@QuarkusTest
class OpenApiContractTest {

  static final Path COMMITTED = Path.of("src", "main", "openapi", "openapi.json");
  static final Path SERVED = Path.of("target", "openapi-served.json");

  @Test
  void theServedDocumentIsTheCommittedContract() throws Exception {
    String served =
        given()
            .queryParam("format", "json")
            .get("/q/openapi")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    ObjectMapper json = new ObjectMapper();
    Files.writeString(
        SERVED,
        json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(served)) + "\n");
    JsonNode committed = json.readTree(COMMITTED.toFile());
    assertEquals(
        committed,
        json.readTree(served),
        "the API contract changed: review "
            + SERVED
            + " and, if intended, copy it to "
            + COMMITTED);
  }
}
