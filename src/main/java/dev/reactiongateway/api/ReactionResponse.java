package dev.reactiongateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reactiongateway.core.ReactionCommand;
import dev.reactiongateway.core.ReactionOutcome;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The canonical 200 answer (docs/api-and-errors.md). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ReactionResponse")
public record ReactionResponse(
    // Its enumeration is the registered providers: OpenApiProviders.
    String provider,
    @Schema(description = "The provider's own id, unqualified.") String messageId,
    @Schema(
            description =
                "love, like, dislike, laugh, emphasize or question; for a custom reaction the"
                    + " emoji itself, fully qualified, as sent to the provider.")
        String reaction,
    @Schema(enumeration = {"add", "remove"}) String operation,
    @Schema(enumeration = {"sent", "removed"}) String status,
    @Schema(description = "Present when the provider returns one (linq v2).")
        String providerReactionId,
    @Schema(
            format = "date-time",
            description =
                "Present when the provider returns one (linq v2), as the provider sent it.")
        String sentAt,
    @Schema(
            description =
                "The provider's trace id for this call, when it gave one (Linq v3's"
                    + " acknowledgement carries one); quote it when reporting a problem.")
        String providerTraceId,
    String requestId) {

  static ReactionResponse from(ReactionOutcome outcome) {
    ReactionCommand command = outcome.command();
    return new ReactionResponse(
        command.provider().wireName(),
        command.message().id(),
        command.reaction().wireName(),
        command.operation().wireName(),
        command.operation().successStatus(),
        outcome.receipt().providerReactionId(),
        outcome.receipt().sentAt(),
        outcome.receipt().traceId(),
        command.requestId());
  }
}
