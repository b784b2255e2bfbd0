package dev.reactiongateway.api;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every exception that reaches JAX-RS to problem+json; never a class name or stack trace. */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  private final Problems problems;

  ProblemMapper(Problems problems) {
    this.problems = problems;
  }

  @ServerExceptionMapper
  public Response gateway(GatewayException failure, HttpHeaders headers, RoutingContext context) {
    return answer(failure, headers, context);
  }

  @ServerExceptionMapper
  public Response framework(
      WebApplicationException failure, HttpHeaders headers, RoutingContext context) {
    int status = failure.getResponse().getStatus();
    GatewayException answer =
        switch (status) {
          case 404 ->
              GatewayException.rejected(
                  ErrorCode.NOT_FOUND,
                  "no such resource; the gateway serves POST /v1/reactions, GET"
                      + " /v1/reaction-events and POST /webhooks/<provider>");
          case 405 ->
              GatewayException.rejected(
                  ErrorCode.METHOD_NOT_ALLOWED,
                  "this resource does not accept this method: /v1/reactions and /webhooks/*"
                      + " take POST, /v1/reaction-events GET");
          case 406 ->
              GatewayException.rejected(
                  ErrorCode.NOT_ACCEPTABLE,
                  "the gateway answers application/json and application/problem+json; fix the"
                      + " Accept header");
          case 413 ->
              GatewayException.rejected(
                  ErrorCode.PAYLOAD_TOO_LARGE, "the body must be at most 16 KiB");
          case 415 ->
              GatewayException.rejected(
                  ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                  "send the body as Content-Type: application/json");
          default -> null;
        };
    if (answer == null) {
      return unexpected(failure, headers, context);
    }
    return answer(answer, headers, context);
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable failure, HttpHeaders headers, RoutingContext context) {
    LOG.error("Unexpected failure while handling a request", failure);
    return answer(
        GatewayException.rejected(
            ErrorCode.INTERNAL_ERROR,
            "the gateway failed unexpectedly; the incident is logged under this requestId"),
        headers,
        context);
  }

  private Response answer(GatewayException failure, HttpHeaders headers, RoutingContext context) {
    RequestRecord record = RequestRecord.of(context);
    if (record != null) {
      record.code(failure.code().code());
    }
    return problems.response(failure, RequestIds.of(headers));
  }
}
