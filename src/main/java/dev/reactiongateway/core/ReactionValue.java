package dev.reactiongateway.core;

import java.util.Optional;

/**
 * What a caller reacts with: one of the six tapbacks, or any other single emoji (a custom
 * reaction). Sealed so that every adapter handles both kinds.
 */
public sealed interface ReactionValue permits Reaction, CustomEmoji {

  /** The name callers see in answers: the tapback's name, or the emoji itself. */
  String wireName();

  /** A tapback or one of its aliases first; otherwise a single emoji; otherwise empty. */
  static Optional<ReactionValue> parse(String raw) {
    return Reaction.parse(raw)
        .<ReactionValue>map(tapback -> tapback)
        .or(() -> CustomEmoji.parse(raw));
  }
}
