package dev.reactiongateway.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PositionTest {

  @Test
  void readsAndWritesTheStreamEntryForm() {
    Position position = Position.parse("1700000000000-7");
    assertEquals(new Position(1_700_000_000_000L, 7), position);
    assertEquals("1700000000000-7", position.toString());
  }

  @Test
  void ordersByMillisecondThenSequence() {
    assertTrue(Position.parse("2-0").after(Position.parse("1-9")));
    assertTrue(Position.parse("1-10").after(Position.parse("1-9")));
    assertFalse(Position.ZERO.after(Position.ZERO));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1-", "-1", "a-1", "1-1-1", " 1-1", "99999999999999999999-0"})
  void refusesWhatIsNotAPosition(String text) {
    assertFalse(Position.valid(text));
  }
}
