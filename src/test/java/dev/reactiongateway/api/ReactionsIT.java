package dev.reactiongateway.api;

import dev.reactiongateway.support.PackagedCredentials;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link ReactionEndpointTest}'s scenarios against the packaged application (the jar, or the native
 * executable with {@code -Dnative}) in the prod profile, with WireMock doubles of both providers.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedCredentials.class)
@WithTestResource(ProviderDoubles.class)
class ReactionsIT extends ReactionEndpointTest {

  @Override
  String chertTenant() {
    return PackagedCredentials.CHERT_TENANT;
  }

  @Override
  String chertSigningSecret() {
    return PackagedCredentials.CHERT_SIGNING_SECRET;
  }

  @Override
  String linqToken() {
    return PackagedCredentials.LINQ_TOKEN;
  }

  /** The breakers live in the packaged process; these scenarios stay far below their thresholds. */
  @Override
  @BeforeEach
  void reset() {
    chert.resetAll();
    linq.resetAll();
  }
}
