package dev.reactiongateway.standin;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** The providers' error envelope and {@code X-Trace-ID} header, as the stand-ins answer them. */
final class StandInAnswers {

  private StandInAnswers() {}

  static Response error(int status, String code, String message) {
    String traceId = "standin-" + UUID.randomUUID();
    String body =
        "{\"success\":false,\"error\":{\"status\":"
            + status
            + ",\"code\":\""
            + code
            + "\",\"message\":\""
            + message
            + "\",\"retryable\":false},\"trace_id\":\""
            + traceId
            + "\"}";
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .header("X-Trace-ID", traceId)
        .entity(body)
        .build();
  }
}
