package dev.reactiongateway.core.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The wait before a retry (docs/resilience-and-configuration.md: retries and backoff). */
class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0.2);

  @Test
  void theBackoffDoublesForEachFurtherRetryUpToItsCap() {
    assertEquals(Duration.ofMillis(100), backoff.backoff(1, 0.5));
    assertEquals(Duration.ofMillis(200), backoff.backoff(2, 0.5));
    assertEquals(Duration.ofMillis(400), backoff.backoff(3, 0.5));
    assertEquals(Duration.ofMillis(800), backoff.backoff(4, 0.5));
    assertEquals(Duration.ofSeconds(1), backoff.backoff(5, 0.5));
    assertEquals(Duration.ofSeconds(1), backoff.backoff(100, 0.5));
  }

  @Test
  void theJitterSpreadsEachBackoffByItsFractionEitherWay() {
    assertEquals(Duration.ofMillis(80), backoff.backoff(1, 0));
    assertEquals(Duration.ofMillis(120), backoff.backoff(1, 1));
    assertEquals(Duration.ofMillis(1200), backoff.backoff(7, 1));
    for (int i = 0; i < 100; i++) {
      Duration drawn = backoff.delay(2, Optional.empty());
      assertTrue(drawn.toMillis() >= 160 && drawn.toMillis() <= 240, drawn.toString());
    }
  }

  @Test
  void aLongerWaitTheProviderAskedForWinsAndIsNotCapped() {
    assertEquals(Duration.ofSeconds(30), backoff.delay(1, Optional.of(Duration.ofSeconds(30))));
    Duration shorter = backoff.delay(1, Optional.of(Duration.ofMillis(10)));
    assertTrue(shorter.toMillis() >= 80 && shorter.toMillis() <= 120, shorter.toString());
  }
}
