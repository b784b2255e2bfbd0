package dev.reactiongateway.standin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.reactiongateway.events.StandardWebhooks;
import dev.reactiongateway.support.Gateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.config.SmallRyeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Linq v3 stand-in's webhooks, as {@code ./mvnw quarkus:dev} sends them to the gateway's own
 * {@code /webhooks/linq}: here they go to a local receiver instead, which checks that they are
 * Linq-shaped and verify under both of Linq's signature schemes.
 */
@QuarkusTest
@TestProfile(LinqV3WebhooksTest.Echoing.class)
class LinqV3WebhooksTest {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7Jxx2Oll+OE=";
  static final String V3_ID = EmbeddedDefaultTest.V3_ID;
  static final String SIMULATE = "/_stand-ins/linq/simulate/messages/";

  /** One webhook as the receiver got it. */
  record Received(String path, Map<String, String> headers, byte[] body) {}

  static final BlockingQueue<Received> RECEIVED = new LinkedBlockingQueue<>();
  static final HttpServer RECEIVER = receiver();

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The stand-ins as in dev, their webhooks sent to the receiver. */
  public static class Echoing extends EmbeddedDefaultTest.StandIns {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(super.getConfigOverrides());
      config.put("gateway.stand-ins.linq.webhook-secret", SECRET);
      config.put(
          "gateway.stand-ins.linq.webhook-url",
          "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/webhooks/linq");
      return config;
    }
  }

  private static HttpServer receiver() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            Map<String, String> headers = new HashMap<>();
            exchange
                .getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            RECEIVED.add(new Received(exchange.getRequestURI().getPath(), headers, body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeEach
  void forgetEarlierWebhooks() {
    RECEIVED.clear();
  }

  @Test
  void theStandInsWebhookSecretIsLockedAwayFromThePlainConfigApi() {
    String key = "gateway.stand-ins.linq.webhook-secret";
    assertThrows(
        SecurityException.class,
        () -> ConfigProvider.getConfig().getOptionalValue(key, String.class));
    assertThrows(
        SecurityException.class,
        () -> ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getConfigValue(key));
  }

  @Test
  void aReactionSentToTheStandInComesBackSignedFromTheLine() throws Exception {
    Gateway.react("{\"messageId\":\"linq:" + V3_ID + "\",\"reaction\":\"🎉\"}").statusCode(200);
    Received webhook = next();
    JsonNode event = verified(webhook);
    assertEquals("/webhooks/linq", webhook.path());
    assertEquals("reaction.added", event.path("event_type").asText());
    assertEquals("v3", event.path("api_version").asText());
    JsonNode data = event.path("data");
    assertEquals(V3_ID, data.path("message_id").asText());
    assertEquals(0, data.path("part_index").asInt());
    assertEquals("custom", data.path("reaction_type").asText());
    assertEquals("🎉", data.path("custom_emoji").asText());
    assertTrue(data.path("sticker").isNull());
    assertTrue(data.path("is_from_me").asBoolean());
    assertTrue(data.path("from_handle").path("is_me").asBoolean());
    assertEquals(data.path("from").asText(), data.path("from_handle").path("handle").asText());
    assertNotNull(Instant.parse(data.path("reacted_at").asText()));
    assertNull(RECEIVED.poll(), "one webhook per reaction");
  }

  @Test
  void aRemovalComesBackAsReactionRemoved() throws Exception {
    Gateway.react(
            "{\"messageId\":\"linq:"
                + V3_ID
                + "\",\"reaction\":\"laugh\",\"operation\":\"remove\",\"partIndex\":1}")
        .statusCode(200);
    JsonNode event = verified(next());
    assertEquals("reaction.removed", event.path("event_type").asText());
    assertEquals("laugh", event.at("/data/reaction_type").asText());
    assertTrue(event.at("/data/custom_emoji").isNull());
    assertEquals(1, event.at("/data/part_index").asInt());
  }

  @Test
  void aRefusedReactionSendsNoWebhook() throws Exception {
    Gateway.react("{\"messageId\":\"linq:" + LinqV3StandIn.MISSING + "\",\"reaction\":\"laugh\"}")
        .statusCode(404);
    Gateway.react("{\"messageId\":\"linq:" + V3_ID + "\",\"reaction\":\"love\"}").statusCode(200);
    JsonNode data = verified(next()).path("data");
    assertEquals(V3_ID, data.path("message_id").asText(), "the accepted reaction comes first");
    assertEquals("love", data.path("reaction_type").asText());
    assertNull(RECEIVED.poll(), "nothing for the refused reaction");
  }

  @Test
  void aSimulatedCustomerTapbackComesFromTheCustomer() throws Exception {
    String eventId =
        given()
            .contentType("application/json")
            .body("{\"type\":\"sticker\",\"part_index\":2}")
            .post(SIMULATE + V3_ID + "/reactions")
            .then()
            .log()
            .ifValidationFails()
            .statusCode(200)
            .body("gateway_status", equalTo(204))
            .extract()
            .path("event_id");
    JsonNode event = verified(next());
    assertEquals(eventId, event.path("event_id").asText());
    assertEquals("reaction.added", event.path("event_type").asText());
    JsonNode data = event.path("data");
    assertFalse(data.path("is_from_me").asBoolean());
    assertFalse(data.path("from_handle").path("is_me").asBoolean());
    assertEquals("sticker", data.path("reaction_type").asText());
    assertEquals("image/png", data.path("sticker").path("mime_type").asText());
    assertEquals(2, data.path("part_index").asInt());
  }

  @Test
  void theSimulationRefusesWhatLinqWouldNotSend() {
    for (String body :
        List.of(
            "{\"type\":\"custom\"}",
            "{\"type\":\"wave\"}",
            "{\"type\":\"love\",\"operation\":\"toggle\"}",
            "{\"type\":\"love\",\"part_index\":-1}",
            "not json")) {
      given()
          .contentType("application/json")
          .body(body)
          .post(SIMULATE + V3_ID + "/reactions")
          .then()
          .statusCode(400);
    }
    given()
        .contentType("application/json")
        .body("{\"type\":\"love\"}")
        .post(SIMULATE + "224/reactions")
        .then()
        .statusCode(400);
    assertTrue(RECEIVED.isEmpty());
  }

  @Test
  void theSimulationIsNotInTheOpenApiDocument() {
    given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body(not(containsString("_stand-ins")));
  }

  private static Received next() throws InterruptedException {
    Received webhook = RECEIVED.poll(10, TimeUnit.SECONDS);
    assertNotNull(webhook, "no webhook arrived");
    return webhook;
  }

  /** The webhook's body, after checking both header sets as Linq's docs describe them. */
  private static JsonNode verified(Received webhook) throws Exception {
    Map<String, String> headers = webhook.headers();
    assertNull(
        StandardWebhooks.verify(
            List.of(StandardWebhooks.key(SECRET)),
            headers.get(StandardWebhooks.ID),
            headers.get(StandardWebhooks.TIMESTAMP),
            headers.get(StandardWebhooks.SIGNATURE),
            webhook.body(),
            Instant.now()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((headers.get("x-webhook-timestamp") + ".").getBytes(StandardCharsets.UTF_8));
    assertEquals(
        HexFormat.of().formatHex(mac.doFinal(webhook.body())), headers.get("x-webhook-signature"));
    JsonNode event = JSON.readTree(webhook.body());
    assertEquals(event.path("event_id").asText(), headers.get(StandardWebhooks.ID));
    assertEquals(event.path("event_type").asText(), headers.get("x-webhook-event"));
    assertTrue(headers.get("content-type").startsWith("application/json"));
    return event;
  }
}
