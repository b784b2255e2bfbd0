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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * A reaction sent under an {@code Idempotency-Key} (docs/idempotency.md): the header read, the
 * answers {@link Idempotency} keeps and replays built from the route's outcome, and the
 * outcome-unknown answer a key keeps should its gateway stop after an attempt may have been
 * written.
 */
@ApplicationScoped
class KeyedReactions {

  static final String HEADER = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";
  static final int MAX_KEY_LENGTH = 255;

  private final ReactionRouter router;
  private final Idempotency idempotency;
  private final Problems problems;
  private final ObjectWriter responseWriter;

  KeyedReactions(
      ReactionRouter router, Idempotency idempotency, Problems problems, ObjectMapper mapper) {
    this.router = router;
    this.idempotency = idempotency;
    this.problems = problems;
    this.responseWriter = mapper.writerFor(ReactionResponse.class);
  }

  /**
   * The request's key from its {@code Idempotency-Key} header values: null when there is none; 400
   * when there are several (which one the caller meant is unknowable) or it is not 1-255 visible
   * ASCII characters.
   */
  static String key(List<String> headerValues) {
    if (headerValues.isEmpty()) {
      return null;
    }
    if (headerValues.size() > 1) {
      throw GatewayException.rejected(
          ErrorCode.INVALID_REQUEST, "send one Idempotency-Key header, not several");
    }
    String key = headerValues.get(0);
    if (!RequestIds.visibleAscii(key, MAX_KEY_LENGTH)) {
      throw GatewayException.rejected(
          ErrorCode.INVALID_REQUEST,
          "Idempotency-Key must be 1-255 visible ASCII characters (no spaces or control"
              + " characters)");
    }
    return key;
  }

  /**
   * Sends the command at most once for its key: a replay answers what the first request was
   * answered, with {@code Idempotent-Replayed: true}. The provider call outlives its caller (so a
   * retry can replay the outcome), but once the caller is gone nothing not yet sent is sent, and
   * the key is then released.
   */
  Uni<Response> send(String key, ReactionCommand command, RequestRecord record) {
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
            });
  }

  /**
   * The final answer as it will be stored: kept when the provider may have acted and a retry could
   * not change it; a retryable answer releases the key. {@code markWritten} is the key's claim
   * marking, before the first send, that an attempt may have been written.
   */
  private Uni<Idempotency.Answered> answer(
      ReactionCommand command, RequestRecord record, BeforeFirstSend markWritten) {
    return record
        .ok(
            router.route(command, record.trail(), markWritten),
            outcome ->
                new Idempotency.Answered(
                    new StoredAnswer(200, json(ReactionResponse.from(outcome)), null), true))
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
