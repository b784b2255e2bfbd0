package dev.reactiongateway.provider.linq;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Linq v3's request body: {@code {"operation":"add","type":"custom","custom_emoji":"🎉",
 * "part_index":1}}; {@code custom_emoji} only for a custom reaction, {@code part_index} only when
 * the caller named a part.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"operation", "type", "custom_emoji", "part_index"})
record LinqV3ReactionRequest(
    String operation,
    String type,
    @JsonProperty("custom_emoji") String customEmoji,
    @JsonProperty("part_index") Integer partIndex) {}
