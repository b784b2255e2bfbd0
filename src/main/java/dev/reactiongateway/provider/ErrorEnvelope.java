package dev.reactiongateway.provider;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The error envelope both providers answer failures with: {@code {"success":false,"error":{
 * "status","code","message","retryable"},"trace_id"}}. The message is read but never passed on.
 */
@RegisterForReflection
public record ErrorEnvelope(
    Boolean success, Error error, @JsonProperty("trace_id") String traceId) {

  /** The {@code error} object; {@code code} may be a number or a string. */
  public record Error(
      Integer status,
      JsonNode code,
      String message,
      Boolean retryable,
      @JsonProperty("retry_after") Long retryAfter) {}
}
