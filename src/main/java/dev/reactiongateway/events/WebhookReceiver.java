package dev.reactiongateway.events;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One provider's webhook receiver, declared in that provider's package as a bean: it verifies a
 * delivery and maps its body to the canonical event. {@code POST /webhooks/<provider()>} dispatches
 * to it, so a provider adds its receiver without touching {@code core}, {@code api} or {@code
 * events}.
 */
public interface WebhookReceiver {

  /** The provider's wire name, the last segment of the receiving path. */
  String provider();

  /** False while the receiver has no verification secret: its path then answers 404. */
  boolean enabled();

  /**
   * Checks the delivery's signature over the raw body, with the given clock reading.
   *
   * @param header the request's headers by name, case-insensitive; null when absent
   * @return null when verified, otherwise why not (for the {@code invalid_signature} detail; never
   *     a secret or a signature)
   */
  String verify(Function<String, String> header, byte[] body, Instant now);

  /**
   * Maps a verified body.
   *
   * @return the event, or empty for a well-formed event that is not a reaction (answered 204, not
   *     recorded)
   * @throws IllegalArgumentException when the body is not one of the provider's events (answered
   *     {@code invalid_event} with the exception's message)
   */
  Optional<ReactionEvent> map(byte[] body, Instant receivedAt);
}
