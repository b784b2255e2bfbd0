package dev.reactiongateway.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A seeded generator throws thousands of requests that are invalid by construction at {@code POST
 * /v1/reactions}: every answer must be a 4xx problem+json, and no provider may be called.
 */
@QuarkusTest
@WithTestResource(ProviderDoubles.class)
class MalformedInputFuzzTest {

  static final long SEED = 20261122L;
  static final int REQUESTS = 3_000;

  @ProviderDoubles.Chert WireMockServer chert;
  @ProviderDoubles.Linq WireMockServer linq;

  private final Random random = new Random(SEED);

  @Test
  void invalidInputIsAlwaysA4xxProblemAndNeverReachesAProvider() {
    chert.resetAll();
    linq.resetAll();
    List<Function<Random, byte[]>> bodies =
        List.of(
            this::wrongReaction,
            this::badChertId,
            this::badLinqId,
            this::wrongTypes,
            this::unknownProvider,
            this::brokenJson,
            this::deepNesting,
            this::randomBytes);

    for (int i = 0; i < REQUESTS; i++) {
      byte[] body = bodies.get(random.nextInt(bodies.size())).apply(random);
      RequestSpecification request =
          given()
              .contentType(random.nextInt(10) == 0 ? "text/plain" : "application/json")
              .body(body);
      if (random.nextBoolean()) {
        request = request.header("X-Request-Id", printable(random, random.nextInt(200)));
      }
      if (random.nextInt(4) == 0) {
        request = request.header("Idempotency-Key", printable(random, 1 + random.nextInt(300)));
      }
      ExtractableResponse<Response> answer = request.post("/v1/reactions").then().extract();

      String seen =
          "request " + i + " (seed " + SEED + "): " + new String(body, StandardCharsets.UTF_8);
      assertTrue(
          answer.statusCode() >= 400 && answer.statusCode() < 500,
          answer.statusCode() + " for " + seen);
      assertTrue(answer.contentType().startsWith("application/problem+json"), seen);
      assertEquals(answer.header("X-Request-Id"), answer.jsonPath().getString("requestId"), seen);
    }
    assertEquals(0, chert.getAllServeEvents().size() + linq.getAllServeEvents().size());
  }

  private byte[] wrongReaction(Random r) {
    return json(
        "{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":"
            + quoted("x" + printable(r, r.nextInt(30)))
            + "}");
  }

  private byte[] badChertId(Random r) {
    String forbidden = "/?#% :\\\u0000\u00e9\u2028";
    String id =
        printable(r, r.nextInt(20))
            + forbidden.charAt(r.nextInt(forbidden.length()))
            + printable(r, r.nextInt(5));
    return json("{\"provider\":\"chert\",\"messageId\":" + quoted(id) + ",\"reaction\":\"love\"}");
  }

  private byte[] badLinqId(Random r) {
    String[] ids = {
      "0", "-" + r.nextInt(1000), "9223372036854775808", "1e3", "0x10", "", "abc" + r.nextInt()
    };
    String id = ids[r.nextInt(ids.length)];
    String value =
        r.nextBoolean()
            ? quoted(id)
            : (id.isEmpty()
                ? "\"\""
                : id.replace("abc", "\"abc") + (id.startsWith("abc") ? "\"" : ""));
    return json("{\"provider\":\"linq\",\"messageId\":" + value + ",\"reaction\":\"like\"}");
  }

  private byte[] wrongTypes(Random r) {
    String[] values = {"1", "true", "[]", "{}", "1.5", "[\"love\"]", "{\"a\":1}"};
    String[] fields = {"provider", "messageId", "reaction", "operation", "type"};
    String field = fields[r.nextInt(fields.length)];
    String value = values[r.nextInt(values.length)];
    if (field.equals("messageId") && value.equals("1")) {
      value = "1.5"; // an integer id is valid for linq
    }
    String base = "\"provider\":\"linq\",\"messageId\":\"7\",\"reaction\":\"love\"";
    return json(
        "{"
            + base.replaceAll("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":" + value)
            + (base.contains("\"" + field + "\"") ? "" : ",\"" + field + "\":" + value)
            + "}");
  }

  private byte[] unknownProvider(Random r) {
    return json(
        "{\"provider\":"
            + quoted("p" + printable(r, r.nextInt(10)))
            + ",\"messageId\":\"1\",\"reaction\":\"love\"}");
  }

  private byte[] brokenJson(Random r) {
    String valid = "{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"love\"}";
    return json(valid.substring(0, r.nextInt(valid.length() - 1)));
  }

  private byte[] deepNesting(Random r) {
    int depth = 20 + r.nextInt(200);
    // Nested where the gateway reads (an unknown field may hold anything and is skipped).
    return json(
        "{\"provider\":\"linq\",\"messageId\":\"1\",\"reaction\":"
            + "[".repeat(depth)
            + "]".repeat(depth)
            + "}");
  }

  private byte[] randomBytes(Random r) {
    byte[] bytes = new byte[r.nextInt(64)];
    r.nextBytes(bytes);
    if (bytes.length > 0 && bytes[0] == '{') {
      bytes[0] = '[';
    }
    return bytes;
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String printable(Random r, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append((char) (0x20 + r.nextInt(0x5F)));
    }
    return out.toString();
  }
}
