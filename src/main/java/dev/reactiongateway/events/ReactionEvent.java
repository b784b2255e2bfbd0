package dev.reactiongateway.events;

import dev.reactiongateway.core.Handle;
import dev.reactiongateway.core.Sticker;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * The canonical reaction event (docs/events.md, "The canonical event"): the same shape whichever
 * provider sent it. Absent optional values are null, never invented; every field is written, nulls
 * included, so subscribers see one fixed set of keys.
 *
 * @param id {@code <provider>:<provider event id>}, the same for every redelivery
 * @param type {@link #ADDED} or {@link #REMOVED}
 * @param api the provider API's version label, such as {@code v3}
 * @param messageId the provider's message id as the send answer gives it
 * @param partIndex the reacted part, 0 when the provider omits it
 * @param reaction a tapback name, the emoji of a custom reaction, or {@code sticker}
 * @param sticker the sticker when {@code reaction} is {@code sticker}, else null
 * @param from who reacted, or null when the provider does not say
 * @param occurredAt when the reaction was added or removed, per the provider
 * @param receivedAt when the gateway received the first delivery of the event
 */
@RegisterForReflection
public record ReactionEvent(
    String id,
    String type,
    String provider,
    String api,
    String messageId,
    String chatId,
    int partIndex,
    String reaction,
    Sticker sticker,
    boolean isFromMe,
    Handle from,
    Instant occurredAt,
    Instant receivedAt,
    String providerEventId,
    String providerReactionId,
    String providerTraceId) {

  public static final String ADDED = "reaction.added";
  public static final String REMOVED = "reaction.removed";
}
