package dev.reactiongateway.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.provider.linq.LinqConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.config.Secret;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * A local Linq for the embedded default: checks {@code X-LINQ-INTEGRATION-TOKEN} and the body, and
 * answers 201 with Linq's {@code data} shape. Message id {@code 404} answers 404. Only built when
 * {@code gateway.stand-ins.enabled=true} (dev).
 */
@IfBuildProperty(name = "gateway.stand-ins.enabled", stringValue = "true")
@Path("/_stand-ins/linq/api/partner/v2/chat_messages")
public class LinqStandIn {

  private static final Set<String> REACTIONS =
      Set.of("love", "like", "dislike", "laugh", "emphasize", "question");
  private static final DateTimeFormatter SENT_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private final LinqConfig config;
  private final ObjectMapper mapper;
  private final AtomicLong ids = new AtomicLong(455);

  LinqStandIn(LinqConfig config, ObjectMapper mapper) {
    this.config = config;
    this.mapper = mapper;
  }

  @POST
  @Operation(hidden = true)
  @Path("/{id}/reactions")
  public Response react(
      @PathParam("id") String id,
      @RestHeader("X-LINQ-INTEGRATION-TOKEN") String token,
      byte[] body) {
    if (!StandInAnswers.sameSecret(config.integrationToken().map(Secret::get), token)) {
      return StandInAnswers.error(401, "unauthorized", "Invalid integration token.");
    }
    if (!id.matches("[1-9][0-9]{0,18}")) {
      return StandInAnswers.error(400, "invalid_id", "chat_message_id must be an integer.");
    }
    Optional<JsonNode> json = StandInAnswers.jsonObject(mapper, body);
    if (json.isEmpty()) {
      return StandInAnswers.error(400, "invalid_json", "Invalid JSON body.");
    }
    String type = json.get().path("type").asText("");
    String operation = json.get().path("operation").asText("");
    if (!REACTIONS.contains(type) || !Set.of("add", "remove").contains(operation)) {
      return StandInAnswers.error(422, "invalid_reaction", "Invalid type or operation.");
    }
    if (id.equals("404")) {
      return StandInAnswers.error(404, "not_found", "Chat message not found.");
    }
    String now = OffsetDateTime.now(ZoneOffset.UTC).format(SENT_AT);
    String data =
        "{\"data\":{\"id\":"
            + ids.incrementAndGet()
            + ",\"chat_message_id\":"
            + id
            + ",\"reaction\":\""
            + type
            + "\",\"is_from_me\":true,\"from_phone\":\"+15550100000\",\"sent_at\":\""
            + now
            + "\",\"created_at\":\""
            + now
            + "\",\"updated_at\":\""
            + now
            + "\"}}";
    return Response.status(201).type(MediaType.APPLICATION_JSON).entity(data).build();
  }
}
