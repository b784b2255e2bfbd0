package dev.reactiongateway.provider.chert;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Chert's 200 answer: {@code {"status":"sent","message_id":…,"reaction":…}}. */
@RegisterForReflection
record ChertReactResponse(
    String status, @JsonProperty("message_id") String messageId, String reaction) {}
