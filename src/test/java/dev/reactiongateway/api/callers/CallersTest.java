package dev.reactiongateway.api.callers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CallersTest {

  private static final String KEY_HASH =
      "fae753df059d1aaa02b5fce22fbc90ba2d91df1c1908d333c1346f81b16b4499"; // billing-key-1

  @Test
  void authenticationOnWithoutCallersFailsStartupNamingTheKey() {
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class, () -> new Callers(auth(true, Map.of()), limit(), null));
    assertTrue(failure.getMessage().contains("gateway.auth.callers.<name>.key-sha256"));
    assertTrue(failure.getMessage().contains("gateway.auth.enabled=false"));
  }

  @Test
  void aMalformedHashFailsStartupNamingTheCaller() {
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> new Callers(auth(true, Map.of("billing", caller("not-hex"))), limit(), null));
    assertTrue(failure.getMessage().contains("gateway.auth.callers.billing.key-sha256"));
  }

  @Test
  void keysAreMatchedByTheirHash() {
    Callers callers = new Callers(auth(true, Map.of("billing", caller(KEY_HASH))), limit(), null);
    assertEquals("billing", callers.authenticate("Bearer billing-key-1"));
    GatewayException wrong =
        assertThrows(GatewayException.class, () -> callers.authenticate("Bearer billing-key-2"));
    assertEquals(ErrorCode.UNAUTHORIZED, wrong.code());
  }

  @Test
  void withAuthenticationOffEveryoneIsAnonymous() {
    Callers callers = new Callers(auth(false, Map.of()), limit(), null);
    assertEquals(Callers.ANONYMOUS, callers.authenticate(null));
  }

  @Test
  void aRateLimitTooLargeForItsRollingWindowFailsStartupNamingTheKey() {
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                new Callers(
                    auth(true, Map.of("billing", caller(KEY_HASH, OptionalInt.of(100_000_000)))),
                    limit(true),
                    null));
    assertTrue(
        refused.getMessage().startsWith("gateway.auth.callers.billing.rate-limit is 100000000"),
        refused.getMessage());
  }

  private static CallersConfig auth(boolean enabled, Map<String, CallersConfig.Caller> callers) {
    return new CallersConfig() {
      @Override
      public boolean enabled() {
        return enabled;
      }

      @Override
      public Map<String, Caller> callers() {
        return callers;
      }
    };
  }

  private static CallersConfig.Caller caller(String hash) {
    return caller(hash, OptionalInt.empty());
  }

  private static CallersConfig.Caller caller(String hash, OptionalInt rateLimit) {
    return new CallersConfig.Caller() {
      @Override
      public List<String> keySha256() {
        return List.of(hash);
      }

      @Override
      public OptionalInt rateLimit() {
        return rateLimit;
      }
    };
  }

  private static RateLimitConfig limit() {
    return limit(false); // a rate-limit guard needs the CDI container; InboundAuthTest covers it
  }

  private static RateLimitConfig limit(boolean enabled) {
    return new RateLimitConfig() {
      @Override
      public boolean enabled() {
        return enabled;
      }

      @Override
      public int requests() {
        return 10;
      }

      @Override
      public Duration window() {
        return Duration.ofSeconds(1);
      }
    };
  }
}
