package dev.reactiongateway.api;

import dev.reactiongateway.support.PackagedCredentials;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Linq v3, custom emoji and part scenarios against the packaged application (the jar, or the
 * native executable with {@code -Dnative}, which must carry ICU4J's emoji data) in the prod
 * profile.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedCredentials.class)
@WithTestResource(ProviderDoubles.class)
class LinqV3IT extends LinqV3Test {

  @Override
  String apiKey() {
    return PackagedCredentials.LINQ_API_KEY;
  }

  /** The breakers live in the packaged process; these scenarios stay far below their thresholds. */
  @Override
  @BeforeEach
  void reset() {
    chert.resetAll();
    linq.resetAll();
  }
}
