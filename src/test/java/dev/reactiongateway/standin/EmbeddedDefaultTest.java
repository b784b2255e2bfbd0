package dev.reactiongateway.standin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.reactiongateway.support.Gateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The embedded default as {@code ./mvnw quarkus:dev} runs it: both providers are the local
 * stand-ins, reached through the real REST clients, and they check auth like the real providers.
 */
@QuarkusTest
@TestProfile(EmbeddedDefaultTest.StandIns.class)
class EmbeddedDefaultTest {

  static final String SECRET = "test-chert-signing-secret";
  static final String CHERT = "/_stand-ins/chert/api/v1/messages/msg_01H/react";
  static final String BODY = "{\"reaction\":\"love\"}";
  static final String V3_ID = "0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a10";

  /** The dev profile's stand-in wiring, on a free port of its own. */
  public static class StandIns implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      int port = freePort();
      return Map.of(
          "gateway.stand-ins.enabled",
          "true",
          "quarkus.http.test-port",
          Integer.toString(port),
          "gateway.chert.base-url",
          "http://localhost:" + port + "/_stand-ins/chert",
          "gateway.linq.base-url",
          "http://localhost:" + port + "/_stand-ins/linq");
    }

    private static int freePort() {
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        return socket.getLocalPort();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void theReadmeCallsSucceedAgainstBothStandIns() {
    Gateway.react("{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"love\"}")
        .statusCode(200)
        .body("status", equalTo("sent"))
        .body("providerReactionId", matchesPattern("[0-9]+"));
    Gateway.react("{\"messageId\":\"chert:msg_01H\",\"reaction\":\"❤️\"}")
        .statusCode(200)
        .body("provider", equalTo("chert"))
        .body("status", equalTo("sent"));
    Gateway.react("{\"messageId\":\"linq:" + V3_ID + "\",\"reaction\":\"🎉\"}")
        .statusCode(200)
        .body("reaction", equalTo("🎉"))
        .body("status", equalTo("sent"))
        .body("providerTraceId", matchesPattern("standin-[0-9a-f-]{36}"));
    Gateway.react("{\"messageId\":\"linq:" + V3_ID + "\",\"reaction\":\"laugh\",\"partIndex\":1}")
        .statusCode(200)
        .body("reaction", equalTo("laugh"));
    Gateway.assertProblem(
        Gateway.react("{\"messageId\":\"chert:msg_01H\",\"reaction\":\"laugh\",\"partIndex\":1}"),
        422,
        "unsupported_operation");
  }

  @Test
  void aReadAfterSendsShowsTheReactionsTheLinqV3StandInAccepted() {
    String id = "5d0c9a1e-7b2f-4c3d-8e9f-0a1b2c3d4e5f";
    Gateway.react("{\"messageId\":\"linq:" + id + "\",\"reaction\":\"love\"}").statusCode(200);
    Gateway.react("{\"messageId\":\"linq:" + id + "\",\"reaction\":\"🎉\",\"partIndex\":2}")
        .statusCode(200);
    Gateway.react("{\"messageId\":\"linq:" + id + "\",\"reaction\":\"like\"}").statusCode(200);
    Gateway.react(
            "{\"messageId\":\"linq:" + id + "\",\"reaction\":\"love\",\"operation\":\"remove\"}")
        .statusCode(200);

    given()
        .get("/v1/messages/linq:" + id + "/reactions")
        .then()
        .statusCode(200)
        .body("provider", equalTo("linq"))
        .body("api", equalTo("v3"))
        .body("parts.size()", equalTo(3))
        .body("parts[0].reactions.reaction", equalTo(java.util.List.of("like")))
        .body("parts[0].reactions[0].isFromMe", equalTo(true))
        .body("parts[0].reactions[0].from.service", equalTo("iMessage"))
        .body("parts[1].reactions.size()", equalTo(0))
        .body("parts[2].reactions.reaction", equalTo(java.util.List.of("🎉")));
    Gateway.assertProblem(
        given().get("/v1/messages/linq:" + LinqV3StandIn.MISSING + "/reactions").then(),
        404,
        "message_not_found");
  }

  @Test
  void theStandInsAnswerNotFoundLikeTheProviders() {
    Gateway.assertProblem(
        Gateway.react("{\"messageId\":\"chert:missing\",\"reaction\":\"love\"}"),
        404,
        "message_not_found");
    Gateway.assertProblem(
        Gateway.react("{\"messageId\":\"linq:404\",\"reaction\":\"love\"}"),
        404,
        "message_not_found");
    Gateway.assertProblem(
            Gateway.react(
                "{\"messageId\":\"linq:" + LinqV3StandIn.MISSING + "\",\"reaction\":\"🎉\"}"),
            404,
            "message_not_found")
        .body("providerCode", equalTo("2002"));
  }

  @Test
  void theLinqV3StandInChecksTheBearerKeyAndTheBody() {
    String path = "/_stand-ins/linq/api/partner/v3/messages/" + V3_ID + "/reactions";
    linqV3("Bearer test-linq-v3-key", "{\"operation\":\"add\",\"type\":\"love\"}", path)
        .statusCode(200)
        .body("status", equalTo("accepted"));
    linqV3(
            "Bearer test-linq-v3-key",
            "{\"operation\":\"remove\",\"type\":\"custom\",\"custom_emoji\":\"🎉\",\"part_index\":2}",
            path)
        .statusCode(200);
    linqV3("Bearer wrong", "{\"operation\":\"add\",\"type\":\"love\"}", path).statusCode(401);
    linqV3(null, "{\"operation\":\"add\",\"type\":\"love\"}", path).statusCode(401);
    linqV3("Bearer test-linq-v3-key", "{\"operation\":\"add\",\"type\":\"custom\"}", path)
        .statusCode(400)
        .body("error.code", equalTo("1001"));
    linqV3("Bearer test-linq-v3-key", "{\"operation\":\"add\",\"type\":\"sticker\"}", path)
        .statusCode(400)
        .body("error.code", equalTo("1005"));
    linqV3(
            "Bearer test-linq-v3-key",
            "{\"operation\":\"add\",\"type\":\"love\",\"part_index\":-1}",
            path)
        .statusCode(400);
    linqV3(
            "Bearer test-linq-v3-key",
            "{\"operation\":\"add\",\"type\":\"love\"}",
            "/_stand-ins/linq/api/partner/v3/messages/224/reactions")
        .statusCode(400);
  }

  private static io.restassured.response.ValidatableResponse linqV3(
      String authorization, String body, String path) {
    var request = given().contentType("application/json");
    if (authorization != null) {
      request = request.header("Authorization", authorization);
    }
    return request.body(body.getBytes(StandardCharsets.UTF_8)).post(path).then();
  }

  @Test
  void theChertStandInChecksTenantSignatureAndWindow() throws Exception {
    long now = Instant.now().getEpochSecond();
    chert("test-tenant", sign(now, BODY), BODY).statusCode(200);
    chert("other-tenant", sign(now, BODY), BODY).statusCode(401);
    chert("test-tenant", sign(now, BODY), "{\"reaction\": \"love\"}").statusCode(401);
    chert("test-tenant", sign(now - 301, BODY), BODY).statusCode(401);
    chert("test-tenant", "v1," + now + ",00", BODY).statusCode(401);
    chert("test-tenant", null, BODY).statusCode(401);
  }

  @Test
  void theLinqStandInChecksTheIntegrationToken() {
    String path = "/_stand-ins/linq/api/partner/v2/chat_messages/224/reactions";
    String body = "{\"type\":\"love\",\"operation\":\"add\"}";
    given()
        .contentType("application/json")
        .header("X-LINQ-INTEGRATION-TOKEN", "test-linq-token")
        .body(body)
        .post(path)
        .then()
        .statusCode(201)
        .body("data.chat_message_id", equalTo(224));
    given()
        .contentType("application/json")
        .header("X-LINQ-INTEGRATION-TOKEN", "wrong")
        .body(body)
        .post(path)
        .then()
        .statusCode(401);
    given().contentType("application/json").body(body).post(path).then().statusCode(401);
  }

  private static io.restassured.response.ValidatableResponse chert(
      String tenant, String signature, String body) {
    var request = given().contentType("application/json").header("x-chert-tenant", tenant);
    if (signature != null) {
      request = request.header("x-chert-signature", signature);
    }
    return request.body(body.getBytes(StandardCharsets.UTF_8)).post(CHERT).then();
  }

  private static String sign(long timestamp, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "v1," + timestamp + "," + HexFormat.of().formatHex(digest);
  }
}
