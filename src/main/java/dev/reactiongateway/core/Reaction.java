package dev.reactiongateway.core;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The six iMessage tapbacks, with the aliases and emoji callers may send for each. */
public enum Reaction implements ReactionValue {
  LOVE("love", "❤", "heart"),
  LIKE("like", "👍", "thumbsup", "thumbs_up", "+1"),
  DISLIKE("dislike", "👎", "thumbsdown", "thumbs_down", "-1"),
  LAUGH("laugh", "😂", "haha", "lol"),
  EMPHASIZE("emphasize", "‼", "exclamation", "!!"),
  QUESTION("question", "❓", "?", "question_mark");

  private static final Map<String, Reaction> BY_NAME_OR_ALIAS = new HashMap<>();

  static {
    for (Reaction reaction : values()) {
      BY_NAME_OR_ALIAS.put(reaction.wireName, reaction);
      for (String alias : reaction.aliases) {
        BY_NAME_OR_ALIAS.put(alias, reaction);
      }
    }
  }

  private final String wireName;
  private final List<String> aliases;

  Reaction(String wireName, String... aliases) {
    this.wireName = wireName;
    this.aliases = List.of(aliases);
  }

  /** The canonical name, which is also what every provider API expects on the wire. */
  @Override
  public String wireName() {
    return wireName;
  }

  /**
   * Normalises what a caller sent: trimmed, case-insensitive, emoji with or without their
   * presentation selector (U+FE0F/U+FE0E) and skin-tone modifiers.
   */
  public static Optional<Reaction> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_NAME_OR_ALIAS.get(stripEmojiModifiers(raw.strip())))
        .or(() -> Optional.ofNullable(BY_NAME_OR_ALIAS.get(raw.strip().toLowerCase(Locale.ROOT))));
  }

  private static String stripEmojiModifiers(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value
        .codePoints()
        .filter(cp -> cp != 0xFE0F && cp != 0xFE0E && (cp < 0x1F3FB || cp > 0x1F3FF))
        .forEach(out::appendCodePoint);
    return out.toString();
  }
}
