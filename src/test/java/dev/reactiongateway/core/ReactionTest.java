package dev.reactiongateway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReactionTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "love|LOVE",
        "LOVE|LOVE",
        "  Love  |LOVE",
        "❤️|LOVE",
        "❤|LOVE",
        "heart|LOVE",
        "like|LIKE",
        "👍|LIKE",
        "👍🏽|LIKE",
        "thumbsup|LIKE",
        "thumbs_up|LIKE",
        "+1|LIKE",
        "dislike|DISLIKE",
        "👎|DISLIKE",
        "thumbsdown|DISLIKE",
        "thumbs_down|DISLIKE",
        "-1|DISLIKE",
        "laugh|LAUGH",
        "😂|LAUGH",
        "haha|LAUGH",
        "LOL|LAUGH",
        "emphasize|EMPHASIZE",
        "‼️|EMPHASIZE",
        "‼|EMPHASIZE",
        "exclamation|EMPHASIZE",
        "!!|EMPHASIZE",
        "question|QUESTION",
        "❓|QUESTION",
        "?|QUESTION",
        "question_mark|QUESTION"
      })
  void everyNameAliasAndEmojiNormalises(String raw, Reaction expected) {
    assertEquals(Optional.of(expected), Reaction.parse(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"wink", "", " ", "😀", "lovee", "thumbs up", "??", "❤❤"})
  void anythingElseIsNotAReaction(String raw) {
    assertTrue(Reaction.parse(raw).isEmpty(), raw);
  }

  @ParameterizedTest
  @CsvSource({"LOVE,love", "LIKE,like", "DISLIKE,dislike", "LAUGH,laugh", "EMPHASIZE,emphasize"})
  void wireNamesAreTheProvidersValues(Reaction reaction, String wire) {
    assertEquals(wire, reaction.wireName());
  }
}
