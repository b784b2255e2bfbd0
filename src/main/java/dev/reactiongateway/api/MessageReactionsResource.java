package dev.reactiongateway.api;

import dev.reactiongateway.core.MessageRef;
import dev.reactiongateway.core.ReactionRouter;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /v1/messages/{messageId}/reactions}: the reactions a message carries now, read from
 * its provider through the same guard as a send. Nothing is cached and no idempotency key applies:
 * a read is "now", and repeating it changes nothing.
 */
@Path("/v1/messages/{messageId}/reactions")
@Tag(name = "Reactions")
public class MessageReactionsResource {

  private final ReactionRequestParser parser;
  private final ReactionRouter router;

  MessageReactionsResource(ReactionRequestParser parser, ReactionRouter router) {
    this.parser = parser;
    this.router = router;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "readReactions",
      summary = "Read the reactions a message carries now",
      description =
          "Reads the message from its provider (never from a cache) and answers every part of"
              + " it in order, each with its reactions in the provider's order, possibly none."
              + " Failed reads are retried within the deadline (a read changes nothing); provider"
              + " failures are the same 502s as for a send, and message_not_found when the"
              + " provider has no such message. A provider API that offers no read is refused"
              + " with 422 unsupported_operation, nothing sent:\n\n"
              + "| | chert | linq v2 | linq v3 |\n"
              + "|---|---|---|---|\n"
              + "| read reactions | no | no | yes |")
  @APIResponse(
      responseCode = "200",
      description = "The message's parts and their reactions.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MessageReactionsResponse.class)))
  public Uni<MessageReactionsResponse> read(
      @Parameter(
              description =
                  "The provider's message id, qualified as <provider>:<id> unless the provider"
                      + " query parameter is given; the same id rules as a reaction's messageId.",
              example = "linq:550e8400-e29b-41d4-a716-446655440001")
          @RestPath
          String messageId,
      @Parameter(
              description =
                  "The provider, case-insensitive; required unless messageId is qualified, and"
                      + " must agree with its qualifier.")
          @RestQuery
          String provider,
      // Described by OpenApiProblems, as for every operation that reads it.
      @RestHeader(RequestIds.HEADER) String requestId,
      // @Context, so the OpenAPI scan does not take it for a request body.
      @Context RoutingContext context) {
    RequestRecord record = RequestRecord.of(context);
    record.reading();
    MessageRef message = parser.message(provider, messageId);
    record.message(message);
    return record.whileCallerWaits(
        record.ok(
            router.read(message, requestId, record.trail()),
            reactions -> MessageReactionsResponse.from(message, reactions, requestId)));
  }
}
