package dev.reactiongateway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The "exactly one emoji" rule of custom reactions, against a table of Unicode's hard cases. */
class CustomEmojiTest {

  static Stream<Arguments> singleEmoji() {
    return Stream.of(
        Arguments.of("basic emoji", "🎉", "🎉"),
        Arguments.of("basic emoji, trimmed", "  🎉 ", "🎉"),
        Arguments.of("ZWJ family", "👨‍👩‍👧‍👦", "👨‍👩‍👧‍👦"),
        Arguments.of("ZWJ profession with skin tone", "👩🏽‍🚀", "👩🏽‍🚀"),
        Arguments.of("ZWJ heart on fire", "❤️‍🔥", "❤️‍🔥"),
        Arguments.of("ZWJ kiss with two skin tones", "🧑🏻‍❤️‍💋‍🧑🏿", "🧑🏻‍❤️‍💋‍🧑🏿"),
        Arguments.of("flag", "🇫🇷", "🇫🇷"),
        Arguments.of("tag-sequence flag (Scotland)", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"),
        Arguments.of("keycap", "1️⃣", "1️⃣"),
        Arguments.of("keycap without its presentation selector", "#⃣", "#️⃣"),
        Arguments.of("skin tone modifier sequence", "👋🏾", "👋🏾"),
        Arguments.of("lone skin tone swatch", "🏽", "🏽"),
        Arguments.of("text-default emoji with U+FE0F", "☺️", "☺️"),
        Arguments.of("text-default emoji without U+FE0F", "☺", "☺️"),
        Arguments.of("ZWJ sequence missing its U+FE0F", "🏳‍🌈", "🏳️‍🌈"),
        Arguments.of("copyright sign as emoji", "©️", "©️"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleEmoji")
  void oneEmojiIsACustomReactionInItsFullyQualifiedForm(
      String name, String raw, String fullyQualified) {
    assertEquals(Optional.of(new CustomEmoji(fullyQualified)), CustomEmoji.parse(raw), name);
  }

  static Stream<Arguments> notOneEmoji() {
    return Stream.of(
        Arguments.of("two emoji", "🎉🎉"),
        Arguments.of("two emoji with a space", "🎉 🎉"),
        Arguments.of("emoji plus text", "🎉yay"),
        Arguments.of("text plus emoji", "ok👍"),
        Arguments.of("two flags", "🇫🇷🇩🇪"),
        Arguments.of("regional indicators that are no flag", "🇦🇦"),
        Arguments.of("a lone regional indicator", "🇫"),
        Arguments.of("lone high surrogate", "\uD83C"),
        Arguments.of("lone low surrogate", "\uDF89"),
        Arguments.of("emoji followed by a lone surrogate", "🎉\uD83C"),
        Arguments.of("text presentation requested (U+FE0E)", "☺︎"),
        Arguments.of("a digit", "1"),
        Arguments.of("a digit with U+FE0F but no keycap", "1️"),
        Arguments.of("a letter", "a"),
        Arguments.of("a word", "wink"),
        Arguments.of("a lone ZWJ", "\u200D"),
        Arguments.of("a trailing ZWJ", "👩\u200D"),
        Arguments.of("a lone presentation selector", "\uFE0F"),
        Arguments.of("a combining mark on an emoji", "🎉\u0301"),
        Arguments.of("empty", ""),
        Arguments.of("blank", "  "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notOneEmoji")
  void anythingButOneEmojiIsRefused(String name, String raw) {
    assertTrue(CustomEmoji.parse(raw).isEmpty(), name);
  }

  static Stream<Arguments> tapbacksFirst() {
    return Stream.of(
        Arguments.of("❤️", Reaction.LOVE),
        Arguments.of("👍🏽", Reaction.LIKE),
        Arguments.of("‼", Reaction.EMPHASIZE),
        Arguments.of("love", Reaction.LOVE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tapbacksFirst")
  void aTapbackAliasIsTheTapbackNotACustomReaction(String raw, Reaction tapback) {
    assertEquals(Optional.of(tapback), ReactionValue.parse(raw));
  }
}
