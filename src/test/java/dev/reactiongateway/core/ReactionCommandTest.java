package dev.reactiongateway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReactionCommandTest {

  static final ProviderApi API =
      new ProviderApi("v3", Set.of(), Optional.empty(), Optional.empty());
  static final MessageRef MESSAGE = new MessageRef(new Provider("linq"), "m-1", API);

  static ReactionCommand command(ReactionValue reaction, Operation operation, OptionalInt part) {
    return new ReactionCommand(MESSAGE, reaction, operation, part, "r-1");
  }

  @Test
  void aTapbackOnTheWholeMessageKeepsTheFingerprintKeysWereClaimedWithBeforeParts() {
    assertEquals(
        "linq|m-1|love|add",
        command(Reaction.LOVE, Operation.ADD, OptionalInt.empty()).fingerprint());
    assertEquals(
        "linq|m-1|love|add",
        command(Reaction.LOVE, Operation.ADD, OptionalInt.of(0)).fingerprint());
  }

  @Test
  void theFingerprintCoversTheCustomEmojiAndThePart() {
    String party = command(new CustomEmoji("🎉"), Operation.ADD, OptionalInt.of(1)).fingerprint();
    assertEquals("linq|m-1|🎉|add|part=1", party);
    assertNotEquals(
        party, command(new CustomEmoji("🎊"), Operation.ADD, OptionalInt.of(1)).fingerprint());
    assertNotEquals(
        party, command(new CustomEmoji("🎉"), Operation.ADD, OptionalInt.of(2)).fingerprint());
  }

  @Test
  void aCommandNeedsWhatGoesBeyondAddingATapbackToPartZero() {
    assertEquals(Set.of(), command(Reaction.LIKE, Operation.ADD, OptionalInt.of(0)).needs());
    assertEquals(
        Set.of(Capability.REMOVE, Capability.CUSTOM_EMOJI, Capability.PART_INDEX),
        command(new CustomEmoji("🎉"), Operation.REMOVE, OptionalInt.of(3)).needs());
  }
}
