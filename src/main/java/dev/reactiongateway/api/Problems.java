package dev.reactiongateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.core.GatewayException.ProviderFacts;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;

/** Renders every error, the gateway's and the framework's, as one problem+json shape. */
@ApplicationScoped
public class Problems {

  public static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_BASE = "https://reaction-gateway.dev/problems/";

  private final ObjectWriter writer;

  Problems(ObjectMapper mapper) {
    this.writer = mapper.writerFor(Problem.class);
  }

  Response response(GatewayException failure, String requestId) {
    Response.ResponseBuilder builder =
        Response.status(failure.code().status())
            .type(MEDIA_TYPE)
            .entity(json(problem(failure, requestId)));
    failure
        .retryAfter()
        .ifPresent(wait -> builder.header("Retry-After", Long.toString(wait.toSeconds())));
    if (failure.code() == ErrorCode.UNAUTHORIZED) {
      builder.header("WWW-Authenticate", "Bearer realm=\"reaction-gateway\"");
    }
    return builder.build();
  }

  /** The problem body as JSON text, for answers that are stored and replayed. */
  String json(GatewayException failure, String requestId) {
    return new String(json(problem(failure, requestId)), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Answers directly on the Vert.x route, for rejections that happen before JAX-RS. */
  void end(RoutingContext context, ErrorCode code, String detail, String requestId) {
    context
        .response()
        .setStatusCode(code.status())
        .putHeader("Content-Type", MEDIA_TYPE)
        .end(
            io.vertx.core.buffer.Buffer.buffer(
                json(problem(GatewayException.rejected(code, detail), requestId))));
  }

  static Problem problem(GatewayException failure, String requestId) {
    ErrorCode code = failure.code();
    ProviderFacts facts = failure.provider().orElse(null);
    return new Problem(
        TYPE_BASE + code.slug(),
        code.title(),
        code.status(),
        failure.detail(),
        code.code(),
        failure.retryable(),
        requestId,
        facts == null ? null : facts.provider().wireName(),
        facts == null ? null : facts.providerStatus(),
        facts == null ? null : facts.providerCode(),
        facts == null ? null : facts.providerTraceId());
  }

  private byte[] json(Problem problem) {
    try {
      return writer.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
