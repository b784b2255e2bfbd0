package dev.reactiongateway.core;

import com.ibm.icu.text.UnicodeSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A reaction with any single emoji that is not one of the tapbacks' aliases. "Single emoji" is
 * Unicode's set of RGI emoji (UTS #51: basic emoji, keycaps, flags, modifier, tag and ZWJ
 * sequences) as ICU4J publishes it: each member is exactly one extended grapheme cluster, so two
 * emoji, emoji with text, unpaired surrogates and sequences no platform draws as one glyph are not
 * in it.
 *
 * @param emoji the fully-qualified form, as sent upstream
 */
public record CustomEmoji(String emoji) implements ReactionValue {

  private static final char EMOJI_PRESENTATION = '\uFE0F';

  /**
   * Every RGI emoji by its form without emoji presentation selectors: callers (and some keyboards)
   * drop U+FE0F, so "☺" and "🏳‍🌈" are taken as the fully-qualified "☺️" and "🏳️‍🌈".
   */
  private static final Map<String, String> RGI_BY_UNQUALIFIED = rgiByUnqualified();

  /**
   * Builds the emoji table now: it reads ICU4J's data and takes a noticeable moment, which must not
   * fall on the event loop serving the first custom reaction.
   */
  public static void load() {
    RGI_BY_UNQUALIFIED.size();
  }

  @Override
  public String wireName() {
    return emoji;
  }

  /** The emoji in its fully-qualified form, or empty when {@code raw} is not one single emoji. */
  public static Optional<ReactionValue> parse(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(RGI_BY_UNQUALIFIED.get(unqualified(raw.strip())))
        .map(CustomEmoji::new);
  }

  private static Map<String, String> rgiByUnqualified() {
    UnicodeSet rgi = new UnicodeSet("[:RGI_Emoji:]");
    Map<String, String> byUnqualified = new HashMap<>(rgi.size() * 2);
    for (String emoji : rgi) {
      byUnqualified.put(unqualified(emoji), emoji);
    }
    return Map.copyOf(byUnqualified);
  }

  private static String unqualified(String value) {
    return value.indexOf(EMOJI_PRESENTATION) < 0
        ? value
        : value.replace(String.valueOf(EMOJI_PRESENTATION), "");
  }
}
