package dev.reactiongateway.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;

/**
 * What the stand-ins share: the providers' error envelope and {@code X-Trace-ID} header, reading a
 * body as a JSON object, and comparing a credential in constant time.
 */
final class StandInAnswers {

  private StandInAnswers() {}

  /** The body as a JSON object; empty when it is not JSON or not an object. */
  static Optional<JsonNode> jsonObject(ObjectMapper mapper, byte[] body) {
    try {
      JsonNode json = mapper.readTree(body);
      return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
    } catch (IOException malformed) {
      return Optional.empty();
    }
  }

  /** Whether {@code given} equals the configured credential, in constant time; false when unset. */
  static boolean sameSecret(Optional<String> expected, String given) {
    return expected.isPresent()
        && given != null
        && MessageDigest.isEqual(
            expected.get().getBytes(StandardCharsets.UTF_8),
            given.getBytes(StandardCharsets.UTF_8));
  }

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
