package dev.reactiongateway.events;

import java.util.regex.Pattern;

/**
 * A place in the event store's order, written {@code <milliseconds>-<sequence>} as Redis Streams
 * name entries. Cursors are positions, so both stores read and compare them alike.
 */
public record Position(long millis, long sequence) implements Comparable<Position> {

  /** Before every event: {@code 0-0}. */
  public static final Position ZERO = new Position(0, 0);

  private static final Pattern FORM = Pattern.compile("[0-9]{1,19}-[0-9]{1,19}");

  /**
   * Reads a position.
   *
   * @throws IllegalArgumentException when {@code text} is not {@code <digits>-<digits>} within
   *     range
   */
  public static Position parse(String text) {
    if (text == null || !FORM.matcher(text).matches()) {
      throw new IllegalArgumentException("a position is <milliseconds>-<sequence>, such as 0-0");
    }
    int dash = text.indexOf('-');
    try {
      return new Position(
          Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
    } catch (NumberFormatException tooLarge) {
      throw new IllegalArgumentException("a position's numbers are at most 2^63-1");
    }
  }

  /** Whether {@code text} is a position at all. */
  public static boolean valid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  /** The next position for an event recorded at {@code nowMillis}: never before this one. */
  Position next(long nowMillis) {
    return nowMillis > millis ? new Position(nowMillis, 0) : new Position(millis, sequence + 1);
  }

  @Override
  public int compareTo(Position other) {
    int byMillis = Long.compare(millis, other.millis);
    return byMillis != 0 ? byMillis : Long.compare(sequence, other.sequence);
  }

  public boolean after(Position other) {
    return compareTo(other) > 0;
  }

  @Override
  public String toString() {
    return millis + "-" + sequence;
  }
}
