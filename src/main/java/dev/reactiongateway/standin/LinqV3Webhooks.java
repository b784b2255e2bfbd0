package dev.reactiongateway.standin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reactiongateway.events.StandardWebhooks;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.config.Secret;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The Linq v3 stand-in's webhooks, shaped and signed as Linq sends them (an envelope around a
 * {@code reaction.added} or {@code reaction.removed} event, with both the Standard Webhooks headers
 * and the deprecated {@code X-Webhook-*} ones): a reaction the stand-in accepted comes back from
 * the line itself ({@code is_from_me: true}), shortly after the stand-in answered; and {@code POST
 * /_stand-ins/linq/simulate/messages/{messageId}/reactions} plays a customer's tapback on a
 * message. Sent to {@code gateway.stand-ins.linq.webhook-url}, in dev the gateway's own {@code
 * /webhooks/linq}. Only built when {@code gateway.stand-ins.enabled=true} (dev).
 */
@IfBuildProperty(name = "gateway.stand-ins.enabled", stringValue = "true")
@Path("/_stand-ins/linq/simulate/messages")
public class LinqV3Webhooks {

  private static final Logger LOG = Logger.getLogger(LinqV3Webhooks.class);

  /** The stand-in's own line, and the customer whose tapbacks are simulated (reserved numbers). */
  static final String LINE = "+12025550100";

  static final String CUSTOMER = "+12025550123";
  static final String CHAT_ID = "5f0c9a52-6d1e-4c3b-8a7f-2e4d6b8c0a11";

  /** The echo waits this long, so the stand-in's answer goes out first. */
  private static final long ECHO_AFTER_MS = 200;

  private static final String UUID_PATTERN =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final Set<String> TYPES =
      Set.of("love", "like", "dislike", "laugh", "emphasize", "question", "custom", "sticker");

  private final StandInsConfig.Linq config;
  private final ObjectMapper mapper;
  private final Vertx vertx;
  private final HttpClient client;

  LinqV3Webhooks(StandInsConfig config, ObjectMapper mapper, Vertx vertx) {
    this.config = config.linq();
    this.mapper = mapper;
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
  }

  /**
   * The stand-in accepted {@code request} (Linq's reaction body) for the message: the same reaction
   * comes back as a webhook from the line itself, after the answer. A failed delivery is logged.
   */
  void echo(String messageId, JsonNode request) {
    if (!enabled()) {
      return;
    }
    byte[] body = envelope(messageId, request, true);
    vertx.setTimer(
        ECHO_AFTER_MS,
        timer ->
            send(body)
                .subscribe()
                .with(
                    status -> {
                      if (status / 100 != 2) {
                        LOG.warnf("the gateway answered the echoed Linq webhook with %d", status);
                      }
                    },
                    failure ->
                        LOG.warnf(
                            "the echoed Linq webhook could not be sent: %s", failure.toString())));
  }

  /**
   * A customer's tapback on a message: {@code {"type": ..., "operation": "add"|"remove",
   * "custom_emoji": ..., "part_index": ...}} as the reaction body of Linq's API ({@code sticker}
   * allowed too, {@code operation} defaulting to {@code add}). Answers 200 with the event's id and
   * the status the gateway answered the webhook with.
   */
  @POST
  @Operation(hidden = true)
  @Path("/{id}/reactions")
  public Uni<Response> simulate(@PathParam("id") String id, byte[] body) {
    if (!enabled()) {
      return Uni.createFrom()
          .item(
              Response.status(404)
                  .type(MediaType.TEXT_PLAIN)
                  .entity(
                      "No webhook target: set gateway.stand-ins.linq.webhook-url and"
                          + " gateway.stand-ins.linq.webhook-secret.")
                  .build());
    }
    if (!id.matches(UUID_PATTERN)) {
      return Uni.createFrom().item(StandInAnswers.error(400, "1005", "messageId must be a UUID."));
    }
    Optional<JsonNode> json = StandInAnswers.jsonObject(mapper, body);
    String refusal = json.isEmpty() ? "Invalid JSON body." : refusal(json.get());
    if (refusal != null) {
      return Uni.createFrom().item(StandInAnswers.error(400, "1005", refusal));
    }
    byte[] envelope = envelope(id, json.get(), false);
    String eventId = read(envelope).path("event_id").asText();
    return send(envelope)
        .map(
            status ->
                Response.ok(
                        "{\"event_id\":\"" + eventId + "\",\"gateway_status\":" + status + "}",
                        MediaType.APPLICATION_JSON)
                    .build())
        .onFailure()
        .recoverWithItem(
            failure ->
                Response.status(502)
                    .type(MediaType.TEXT_PLAIN)
                    .entity("The webhook could not be sent: " + failure)
                    .build());
  }

  private boolean enabled() {
    return config.webhookSecret().map(Secret::get).isPresent() && config.webhookUrl().isPresent();
  }

  private static String refusal(JsonNode json) {
    JsonNode type = json.path("type");
    if (!type.isTextual() || !TYPES.contains(type.textValue())) {
      return "Invalid parameter: type must be one of " + TYPES + ".";
    }
    JsonNode operation = json.path("operation");
    if (!operation.isMissingNode() && !Set.of("add", "remove").contains(operation.asText())) {
      return "Invalid parameter: operation must be add or remove.";
    }
    JsonNode emoji = json.path("custom_emoji");
    if (type.textValue().equals("custom") && (!emoji.isTextual() || emoji.textValue().isBlank())) {
      return "Missing field: custom_emoji is required when type is custom.";
    }
    JsonNode part = json.path("part_index");
    if (!part.isMissingNode()
        && (!part.isIntegralNumber() || !part.canConvertToInt() || part.intValue() < 0)) {
      return "Invalid parameter: part_index must be a non-negative integer.";
    }
    return null;
  }

  /** Linq's webhook body for the reaction, from the line itself or from the customer. */
  private byte[] envelope(String messageId, JsonNode request, boolean fromMe) {
    Instant now = Instant.now();
    boolean removed = request.path("operation").asText("add").equals("remove");
    String type = request.path("type").asText();
    String handle = fromMe ? LINE : CUSTOMER;

    ObjectNode envelope = mapper.createObjectNode();
    envelope.put("api_version", "v3");
    envelope.put("webhook_version", "2026-02-03");
    envelope.put("event_type", removed ? "reaction.removed" : "reaction.added");
    envelope.put("event_id", UUID.randomUUID().toString());
    envelope.put("created_at", now.toString());
    envelope.put("trace_id", UUID.randomUUID().toString().replace("-", ""));
    envelope.put("partner_id", "partner_standin");
    ObjectNode data = envelope.putObject("data");
    data.put("chat_id", CHAT_ID);
    data.put("message_id", messageId);
    data.put("part_index", request.path("part_index").asInt(0));
    data.put("reaction_type", type);
    if (type.equals("custom")) {
      data.put("custom_emoji", request.path("custom_emoji").asText());
    } else {
      data.putNull("custom_emoji");
    }
    if (type.equals("sticker")) {
      data.putObject("sticker")
          .put("file_name", "sticker.png")
          .put("mime_type", "image/png")
          .put("width", 300)
          .put("height", 300)
          .put("url", "https://cdn.example.com/stand-in/sticker.png");
    } else {
      data.putNull("sticker");
    }
    data.put("is_from_me", fromMe);
    data.put("from", handle);
    data.putObject("from_handle")
        .put("id", UUID.nameUUIDFromBytes(handle.getBytes(StandardCharsets.UTF_8)).toString())
        .put("handle", handle)
        .put("service", "iMessage")
        .put("status", "active")
        .put("joined_at", "2025-11-23T17:30:00.000Z")
        .putNull("left_at")
        .put("is_me", fromMe);
    data.put("service", "iMessage");
    data.put("reacted_at", now.truncatedTo(ChronoUnit.SECONDS).toString());
    data.put("reaction_id", UUID.randomUUID().toString());
    try {
      return mapper.writeValueAsBytes(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  private JsonNode read(byte[] envelope) {
    return StandInAnswers.jsonObject(mapper, envelope).orElseThrow();
  }

  /** POSTs the body signed with both of Linq's header sets; the gateway's status. */
  private Uni<Integer> send(byte[] body) {
    String secret = config.webhookSecret().orElseThrow().get().split(",")[0].strip();
    JsonNode envelope = read(body);
    String id = envelope.path("event_id").asText();
    long timestamp = Instant.now().getEpochSecond();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(config.webhookUrl().orElseThrow().toString())
            .putHeader("Content-Type", MediaType.APPLICATION_JSON)
            .putHeader(StandardWebhooks.ID, id)
            .putHeader(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
            .putHeader(
                StandardWebhooks.SIGNATURE,
                StandardWebhooks.sign(StandardWebhooks.key(secret), id, timestamp, body))
            .putHeader("X-Webhook-Event", envelope.path("event_type").asText())
            .putHeader("X-Webhook-Subscription-ID", "standin-subscription")
            .putHeader("X-Webhook-Timestamp", Long.toString(timestamp))
            .putHeader("X-Webhook-Signature", legacySignature(secret, timestamp, body));
    return Uni.createFrom()
        .completionStage(
            client
                .request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .toCompletionStage());
  }

  /**
   * The deprecated scheme: lower-case hex HMAC-SHA256 over {@code <timestamp>.<body>}, keyed with
   * the secret string's UTF-8 bytes as written, {@code whsec_} included.
   */
  private static String legacySignature(String secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
