package dev.reactiongateway.api;

import dev.reactiongateway.core.BeforeFirstSend;
import dev.reactiongateway.core.ReactionCommand;
import dev.reactiongateway.core.ReactionRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

/** {@code POST /v1/reactions}: the gateway's one endpoint. Runs on the event loop end to end. */
@Path("/v1/reactions")
@Tag(
    name = "Reactions",
    description = "Tapbacks and custom emoji reactions on Chert and Linq messages.")
public class ReactionResource {

  private final ReactionRequestParser parser;
  private final ReactionRouter router;
  private final KeyedReactions keyed;

  ReactionResource(ReactionRequestParser parser, ReactionRouter router, KeyedReactions keyed) {
    this.parser = parser;
    this.router = router;
    this.keyed = keyed;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "react",
      summary = "Put a tapback on a message, or take one off",
      description =
          "Normalises the request, forwards it to the provider and answers with the canonical"
              + " outcome. Every error is application/problem+json; every downstream failure is a"
              + " 502 with a stable code.\n\n"
              + "A Linq messageId that is a positive integer goes to Linq's v2 API, one that is a"
              + " UUID to its v3 API. What a provider API cannot do is refused with 422"
              + " unsupported_operation (provider set, detail saying what to change) and nothing"
              + " is sent:\n\n"
              + "| | chert | linq v2 | linq v3 |\n"
              + "|---|---|---|---|\n"
              + "| the six tapbacks, add | yes | yes | yes |\n"
              + "| remove | no | yes | yes |\n"
              + "| custom emoji | no | no | yes |\n"
              + "| partIndex other than 0 | no | no | yes |\n\n"
              + "A Linq API whose credentials the gateway lacks is refused the same way, naming the"
              + " key to set.")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ReactionRequest.class)))
  @APIResponse(
      responseCode = "200",
      description = "The provider accepted the reaction.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ReactionResponse.class)))
  public Uni<Response> react(
      byte[] body,
      // Described by OpenApiProblems, as for every operation that reads it.
      @RestHeader(RequestIds.HEADER) String requestId,
      @Parameter(
              name = KeyedReactions.HEADER,
              in = ParameterIn.HEADER,
              description =
                  "1-255 visible ASCII characters, one header (two are a 400). The same key with"
                      + " the same request within the retention window (24 h by default) replays"
                      + " the first answer with Idempotent-Replayed: true and calls no provider;"
                      + " only answers with retryable false are kept. A claim whose gateway"
                      + " stopped lapses when its lease (30 s by default) ends: free again if"
                      + " nothing was sent, otherwise the key keeps a 502 provider_timeout answer"
                      + " with retryable false (outcome unknown: the reaction may have been"
                      + " delivered), never a second send. A full memory store answers 503"
                      + " idempotency_store_unavailable, nothing sent.",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      minLength = 1,
                      maxLength = KeyedReactions.MAX_KEY_LENGTH,
                      pattern = RequestIds.VISIBLE_ASCII))
          @RestHeader(KeyedReactions.HEADER)
          String idempotencyKey,
      RoutingContext context) {
    String key =
        idempotencyKey == null
            ? null
            : KeyedReactions.key(context.request().headers().getAll(KeyedReactions.HEADER));
    ReactionCommand command = parser.parse(body, requestId);
    RequestRecord record = RequestRecord.of(context);
    record.command(command);
    return record.whileCallerWaits(
        key == null
            ? record.ok(
                router.route(command, record.trail(), BeforeFirstSend.NOTHING),
                outcome -> Response.ok(ReactionResponse.from(outcome)).build())
            : keyed.send(key, command, record));
  }
}
