package dev.reactiongateway.api;

import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;

/**
 * The read scenarios against the packaged application in the prod profile (the jar, or the native
 * executable with {@code -Dnative}: the read's records must be registered for reflection there).
 */
@QuarkusIntegrationTest
@TestProfile(MessageReactionsTest.SmallLinq.class)
@WithTestResource(ProviderDoubles.class)
class MessageReactionsIT extends MessageReactionsTest {

  /**
   * The breakers live in the packaged process; the profile's breaker window is far larger than
   * these scenarios.
   */
  @Override
  @BeforeEach
  void reset() {
    chert.resetAll();
    linq.resetAll();
  }
}
