package dev.reactiongateway.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.provider.linq.LinqConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.config.Secret;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * A local Linq v3 for the embedded default: checks {@code Authorization: Bearer <api-key>} and the
 * body as Linq documents it ({@code operation}, {@code type}, {@code custom_emoji} when the type is
 * custom, an optional non-negative {@code part_index}; stickers cannot be sent), and answers with
 * Linq's acknowledgement. Reading a message ({@code GET .../v3/messages/{id}}) answers it with the
 * reactions accepted so far ({@link AcceptedReactions}). Message id {@code
 * 00000000-0000-0000-0000-000000000404} answers 404 with code 2002. Only built when {@code
 * gateway.stand-ins.enabled=true} (dev).
 */
@IfBuildProperty(name = "gateway.stand-ins.enabled", stringValue = "true")
@Path("/_stand-ins/linq/api/partner/v3/messages")
public class LinqV3StandIn {

  static final String MISSING = "00000000-0000-0000-0000-000000000404";
  private static final Set<String> TYPES =
      Set.of("love", "like", "dislike", "laugh", "emphasize", "question", "custom");

  private final LinqConfig config;
  private final ObjectMapper mapper;
  @Inject LinqV3Webhooks webhooks;
  private final AcceptedReactions accepted;

  LinqV3StandIn(LinqConfig config, ObjectMapper mapper, AcceptedReactions accepted) {
    this.config = config;
    this.mapper = mapper;
    this.accepted = accepted;
  }

  @GET
  @Operation(hidden = true)
  @Path("/{id}")
  public Response message(
      @PathParam("id") String id, @RestHeader("Authorization") String authorization) {
    if (!StandInAnswers.sameSecret(
        config.apiKey().map(Secret::get).map(key -> "Bearer " + key), authorization)) {
      return StandInAnswers.error(401, "2004", "Unauthorized.");
    }
    if (!isUuid(id)) {
      return StandInAnswers.error(400, "1005", "messageId must be a UUID.");
    }
    if (id.equals(MISSING)) {
      return StandInAnswers.error(404, "2002", "Message not found.");
    }
    return Response.ok(accepted.message(id).toString(), MediaType.APPLICATION_JSON)
        .header("X-Trace-ID", "standin-" + UUID.randomUUID())
        .build();
  }

  @POST
  @Operation(hidden = true)
  @Path("/{id}/reactions")
  public Response react(
      @PathParam("id") String id, @RestHeader("Authorization") String authorization, byte[] body) {
    if (!StandInAnswers.sameSecret(
        config.apiKey().map(Secret::get).map(key -> "Bearer " + key), authorization)) {
      return StandInAnswers.error(401, "2004", "Unauthorized.");
    }
    if (!isUuid(id)) {
      return StandInAnswers.error(400, "1005", "messageId must be a UUID.");
    }
    Optional<JsonNode> json = StandInAnswers.jsonObject(mapper, body);
    if (json.isEmpty()) {
      return StandInAnswers.error(400, "1005", "Invalid JSON body.");
    }
    String refusal = refusal(json.get());
    if (refusal != null) {
      return StandInAnswers.error(400, refusal.startsWith("Missing") ? "1001" : "1005", refusal);
    }
    if (id.equals(MISSING)) {
      return StandInAnswers.error(404, "2002", "Message not found.");
    }
    accepted.apply(id, json.get());
    String traceId = "standin-" + UUID.randomUUID();
    webhooks.echo(id, json.get());
    return Response.ok(
            "{\"message\":\"Reaction processed\",\"status\":\"accepted\",\"trace_id\":\""
                + traceId
                + "\"}",
            MediaType.APPLICATION_JSON)
        .header("X-Trace-ID", traceId)
        .build();
  }

  private static String refusal(JsonNode json) {
    JsonNode operation = json.path("operation");
    JsonNode type = json.path("type");
    if (!operation.isTextual() || !type.isTextual()) {
      return "Missing field: operation and type are required.";
    }
    if (!Set.of("add", "remove").contains(operation.textValue())) {
      return "Invalid parameter: operation must be add or remove.";
    }
    if (type.textValue().equals("sticker")) {
      return "Invalid parameter: stickers cannot be sent.";
    }
    if (!TYPES.contains(type.textValue())) {
      return "Invalid parameter: unknown reaction type.";
    }
    JsonNode emoji = json.path("custom_emoji");
    boolean custom = type.textValue().equals("custom");
    if (custom && (!emoji.isTextual() || emoji.textValue().isBlank())) {
      return "Missing field: custom_emoji is required when type is custom.";
    }
    if (!custom && !emoji.isMissingNode()) {
      return "Invalid parameter: custom_emoji is only for type custom.";
    }
    JsonNode part = json.path("part_index");
    if (!part.isMissingNode()
        && (!part.isIntegralNumber() || !part.canConvertToInt() || part.intValue() < 0)) {
      return "Invalid parameter: part_index must be a non-negative integer.";
    }
    return null;
  }

  private static boolean isUuid(String id) {
    return id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }
}
