package dev.reactiongateway.provider.linq;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Linq's 201 answer: {@code {"data":{"id","chat_message_id","reaction","sent_at",…}}}. */
@RegisterForReflection
record LinqReactionResponse(Data data) {

  record Data(
      JsonNode id,
      @JsonProperty("chat_message_id") JsonNode chatMessageId,
      String reaction,
      @JsonProperty("sent_at") String sentAt) {}
}
