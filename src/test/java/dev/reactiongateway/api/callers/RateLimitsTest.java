package dev.reactiongateway.api.callers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.idempotency.IdempotencyConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

  @Test
  void aRateLimitTooLargeForItsRollingWindowFailsStartupNamingTheKey() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                new RateLimits(
                    CallersTest.auth(
                        true,
                        Map.of(
                            "billing",
                            CallersTest.caller(CallersTest.KEY_HASH, OptionalInt.of(100_000_000)))),
                    limit(1),
                    IdempotencyConfig.Store.MEMORY,
                    null,
                    null));
    assertTrue(
        refused.getMessage().startsWith("gateway.auth.callers.billing.rate-limit is 100000000"),
        refused.getMessage());
  }

  @Test
  void fewerReplicasThanOneFailsStartupNamingTheKey() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                new RateLimits(
                    CallersTest.auth(true, Map.of()),
                    limit(0),
                    IdempotencyConfig.Store.MEMORY,
                    null,
                    null));
    assertTrue(
        refused.getMessage().startsWith("gateway.rate-limit.replicas is 0"), refused.getMessage());
  }

  private static RateLimitConfig limit(int replicas) {
    return new RateLimitConfig() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public int requests() {
        return 10;
      }

      @Override
      public Duration window() {
        return Duration.ofSeconds(1);
      }

      @Override
      public Optional<Store> store() {
        return Optional.empty();
      }

      @Override
      public String redisKeyPrefix() {
        return "unused:";
      }

      @Override
      public int replicas() {
        return replicas;
      }

      @Override
      public Duration redisTimeout() {
        return Duration.ofMillis(250);
      }
    };
  }
}
