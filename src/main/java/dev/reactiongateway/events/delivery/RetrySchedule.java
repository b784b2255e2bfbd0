package dev.reactiongateway.events.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a failed delivery is tried again (docs/events.md, "Push delivery"): the n-th retry comes
 * 2^(n-1) seconds times a random factor between 0.5 and 1 after the failed attempt, or after the
 * subscriber's {@code Retry-After}; never later than {@link #CAP}.
 */
final class RetrySchedule {

  static final Duration CAP = Duration.ofMinutes(10);

  /** Beyond this exponent the backoff is past the cap whatever the random factor. */
  private static final int LAST_EXPONENT = 20;

  private RetrySchedule() {}

  /**
   * The wait before the retry.
   *
   * @param retry 1 for the first retry
   * @param retryAfter the failed answer's {@code Retry-After}, or null
   * @param random the jitter factor, between 0.5 and 1
   */
  static Duration next(int retry, String retryAfter, Instant now, double random) {
    return retryAfter(retryAfter, now).orElseGet(() -> backoff(retry, random));
  }

  /** The exponential backoff with jitter, capped. */
  static Duration backoff(int retry, double random) {
    int exponent = Math.min(Math.max(retry, 1) - 1, LAST_EXPONENT);
    long millis = Math.round((1L << exponent) * 1000 * random);
    return min(Duration.ofMillis(millis));
  }

  /**
   * A {@code Retry-After} in delay-seconds or as an HTTP date, capped; a date in the past is no
   * wait. Empty when absent or unreadable, so the backoff applies.
   */
  static Optional<Duration> retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    if (text.chars().allMatch(Character::isDigit)) {
      return Optional.of(text.length() > 9 ? CAP : min(Duration.ofSeconds(Long.parseLong(text))));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : min(wait));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration min(Duration wait) {
    return wait.compareTo(CAP) > 0 ? CAP : wait;
  }
}
