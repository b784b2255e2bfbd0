package dev.reactiongateway.provider.linq;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Linq v3's success answer, an acknowledgement rather than a reaction: {@code {"message":"Reaction
 * processed","status":"accepted","trace_id":"…"}}.
 */
@RegisterForReflection
record LinqV3Acknowledgement(
    String message, String status, @JsonProperty("trace_id") String traceId) {}
