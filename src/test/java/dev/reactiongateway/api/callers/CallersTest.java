package dev.reactiongateway.api.callers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CallersTest {

  static final String KEY_HASH =
      "fae753df059d1aaa02b5fce22fbc90ba2d91df1c1908d333c1346f81b16b4499"; // billing-key-1

  @Test
  void authenticationOnWithoutCallersFailsStartupNamingTheKey() {
    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> new Callers(auth(true, Map.of())));
    assertTrue(failure.getMessage().contains("gateway.auth.callers.<name>.key-sha256"));
    assertTrue(failure.getMessage().contains("gateway.auth.enabled=false"));
  }

  @Test
  void aMalformedHashFailsStartupNamingTheCaller() {
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> new Callers(auth(true, Map.of("billing", caller("not-hex")))));
    assertTrue(failure.getMessage().contains("gateway.auth.callers.billing.key-sha256"));
  }

  @Test
  void keysAreMatchedByTheirHash() {
    Callers callers = new Callers(auth(true, Map.of("billing", caller(KEY_HASH))));
    assertEquals("billing", callers.authenticate("Bearer billing-key-1"));
    GatewayException wrong =
        assertThrows(GatewayException.class, () -> callers.authenticate("Bearer billing-key-2"));
    assertEquals(ErrorCode.UNAUTHORIZED, wrong.code());
  }

  @Test
  void withAuthenticationOffEveryoneIsAnonymous() {
    Callers callers = new Callers(auth(false, Map.of()));
    assertEquals(Callers.ANONYMOUS, callers.authenticate(null));
  }

  static CallersConfig auth(boolean enabled, Map<String, CallersConfig.Caller> callers) {
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

  static CallersConfig.Caller caller(String hash, OptionalInt rateLimit) {
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
}
