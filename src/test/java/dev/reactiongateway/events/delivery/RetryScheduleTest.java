package dev.reactiongateway.events.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  static final Instant NOW = Instant.parse("2026-02-05T19:31:13Z");

  @Test
  void theNthRetryWaitsTwoToTheNMinusOneSecondsTimesTheJitter() {
    assertEquals(Duration.ofSeconds(1), RetrySchedule.backoff(1, 1.0));
    assertEquals(Duration.ofMillis(500), RetrySchedule.backoff(1, 0.5));
    assertEquals(Duration.ofSeconds(2), RetrySchedule.backoff(2, 1.0));
    assertEquals(Duration.ofMillis(3000), RetrySchedule.backoff(3, 0.75));
    assertEquals(Duration.ofSeconds(256), RetrySchedule.backoff(9, 1.0));
    assertEquals(Duration.ofSeconds(256), RetrySchedule.backoff(10, 0.5));
  }

  @Test
  void theBackoffIsCappedAtTenMinutesHoweverManyRetries() {
    assertEquals(Duration.ofMinutes(10), RetrySchedule.backoff(11, 1.0));
    assertEquals(Duration.ofMinutes(10), RetrySchedule.backoff(64, 0.5));
    assertEquals(Duration.ofMinutes(10), RetrySchedule.backoff(Integer.MAX_VALUE, 0.5));
  }

  @Test
  void retryAfterInSecondsReplacesTheBackoff() {
    assertEquals(Duration.ofSeconds(7), RetrySchedule.next(1, "7", NOW, 1.0));
    assertEquals(Duration.ZERO, RetrySchedule.next(5, "0", NOW, 1.0));
    assertEquals(Duration.ofSeconds(3), RetrySchedule.next(9, " 3 ", NOW, 1.0));
  }

  @Test
  void retryAfterAsAnHttpDateIsTheTimeUntilThen() {
    assertEquals(
        Duration.ofSeconds(47), RetrySchedule.next(1, "Thu, 05 Feb 2026 19:32:00 GMT", NOW, 1.0));
    assertEquals(Duration.ZERO, RetrySchedule.next(1, "Thu, 05 Feb 2026 19:00:00 GMT", NOW, 1.0));
  }

  @Test
  void retryAfterIsHonouredOnlyUpToTheCap() {
    assertEquals(Duration.ofMinutes(10), RetrySchedule.next(1, "3600", NOW, 1.0));
    assertEquals(Duration.ofMinutes(10), RetrySchedule.next(1, "99999999999999999999", NOW, 1.0));
    assertEquals(
        Duration.ofMinutes(10), RetrySchedule.next(1, "Fri, 06 Feb 2026 19:31:13 GMT", NOW, 1.0));
  }

  @Test
  void anUnreadableRetryAfterLeavesTheBackoff() {
    assertEquals(Optional.empty(), RetrySchedule.retryAfter("soon", NOW));
    assertEquals(Optional.empty(), RetrySchedule.retryAfter("-5", NOW));
    assertEquals(Optional.empty(), RetrySchedule.retryAfter("", NOW));
    assertEquals(Duration.ofSeconds(4), RetrySchedule.next(3, "1.5", NOW, 1.0));
    assertEquals(Duration.ofMillis(500), RetrySchedule.next(1, null, NOW, 0.5));
  }
}
