package dev.reactiongateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.reactiongateway.core.BeforeFirstSend;
import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.core.ReactionCommand;
import dev.reactiongateway.core.ReactionRouter;
import dev.reactiongateway.idempotency.Idempotency;
import dev.reactiongateway.idempotency.StoredAnswer;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
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

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";

  private final ReactionRequestParser parser;
  private final ReactionRouter router;
  private final Idempotency idempotency;
  private final Problems problems;
  private final ObjectWriter responseWriter;

  ReactionResource(
      ReactionRequestParser parser,
      ReactionRouter router,
      Idempotency idempotency,
      Problems problems,
      ObjectMapper mapper) {
    this.parser = parser;
    this.router = router;
    this.idempotency = idempotency;
    this.problems = problems;
    this.responseWriter = mapper.writerFor(ReactionResponse.class);
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
      @Parameter(
              name = RequestIds.HEADER,
              in = ParameterIn.HEADER,
              description = "Echoed when 1-128 visible ASCII characters; generated otherwise.",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      minLength = 1,
                      maxLength = RequestIds.MAX_LENGTH,
                      pattern = RequestIds.VISIBLE_ASCII))
          @RestHeader(RequestIds.HEADER)
          String requestId,
      @Parameter(
              name = IDEMPOTENCY_KEY,
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
                      maxLength = Idempotency.MAX_KEY_LENGTH,
                      pattern = RequestIds.VISIBLE_ASCII))
          @RestHeader(IDEMPOTENCY_KEY)
          String idempotencyKey,
      RoutingContext context) {
    String key =
        idempotencyKey == null
            ? null
            : Idempotency.key(context.request().headers().getAll(IDEMPOTENCY_KEY));
    ReactionCommand command = parser.parse(body, requestId);
    RequestRecord record = RequestRecord.of(context);
    record.command(command);
    if (key == null) {
      return router
          .route(command, record.trail(), BeforeFirstSend.NOTHING)
          .map(
              outcome -> {
                record.code("ok");
                return Response.ok(ReactionResponse.from(outcome)).build();
              })
          .onCancellation()
          .invoke(record.trail()::abandon);
    }
    // A keyed request's provider call outlives its caller (so a retry can replay the outcome),
    // but once the caller is gone nothing not yet sent is sent, and the key is then released.
    Idempotency.Keyed keyed =
        new Idempotency.Keyed(
            record.caller(),
            key,
            command.fingerprint(),
            command.operation().idempotent() ? null : () -> outcomeUnknown(command));
    return idempotency
        .run(keyed, markWritten -> answer(command, record, markWritten))
        .map(
            result -> {
              if (result.replayed()) {
                record.code("replayed");
              }
              return toResponse(result);
            })
        .onCancellation()
        .invoke(record.trail()::abandon);
  }

  /**
   * The final answer as it will be stored: kept when the provider may have acted and a retry could
   * not change it; a retryable answer releases the key. {@code markWritten} is the key's claim
   * marking, before the first send, that an attempt may have been written.
   */
  private Uni<Idempotency.Answered> answer(
      ReactionCommand command, RequestRecord record, BeforeFirstSend markWritten) {
    return router
        .route(command, record.trail(), markWritten)
        .map(
            outcome -> {
              record.code("ok");
              return new Idempotency.Answered(
                  new StoredAnswer(200, json(ReactionResponse.from(outcome)), null), true);
            })
        .onFailure(GatewayException.class)
        .recoverWithItem(
            failure -> {
              GatewayException problem = (GatewayException) failure;
              record.code(problem.code().code());
              return new Idempotency.Answered(
                  new StoredAnswer(
                      problem.code().status(),
                      problems.json(problem, command.requestId()),
                      problem.retryAfter().map(Duration::toSeconds).orElse(null)),
                  problem.providerMayHaveActed() && !problem.retryable());
            });
  }

  /**
   * The answer a key resolves to when the gateway that ran its request stopped after an attempt may
   * have been written and before recording the provider's answer.
   */
  private StoredAnswer outcomeUnknown(ReactionCommand command) {
    GatewayException unknown =
        GatewayException.rejected(
                ErrorCode.PROVIDER_TIMEOUT,
                "the outcome of the first request with this Idempotency-Key is unknown: the"
                    + " gateway handling it stopped before "
                    + command.provider().wireName()
                    + "'s answer was recorded; the reaction may have been delivered, so it is not"
                    + " sent again")
            .afterSend()
            .involving(command.provider());
    return new StoredAnswer(
        unknown.code().status(), problems.json(unknown, command.requestId()), null);
  }

  private static Response toResponse(Idempotency.Result result) {
    StoredAnswer answer = result.answer();
    Response.ResponseBuilder response =
        Response.status(answer.status())
            .type(answer.status() < 300 ? MediaType.APPLICATION_JSON : Problems.MEDIA_TYPE)
            .entity(answer.body());
    if (answer.retryAfterSeconds() != null) {
      response.header("Retry-After", answer.retryAfterSeconds().toString());
    }
    if (result.replayed()) {
      response.header(REPLAYED, "true");
    }
    return response.build();
  }

  private String json(ReactionResponse response) {
    try {
      return responseWriter.writeValueAsString(response);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
