package dev.reactiongateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Credentials for the packaged application under {@code @QuarkusIntegrationTest}: it runs in the
 * prod profile, where the gateway refuses to start without them, and {@code %test} values do not
 * apply. Passed to the launched jar or native executable as system properties.
 */
public class PackagedCredentials implements QuarkusTestProfile {

  public static final String CHERT_TENANT = "it-tenant";
  public static final String CHERT_SIGNING_SECRET = "it-chert-signing-secret";
  public static final String LINQ_TOKEN = "it-linq-token";
  public static final String LINQ_API_KEY = "it-linq-v3-key";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "gateway.chert.tenant",
        CHERT_TENANT,
        "gateway.chert.signing-secret",
        CHERT_SIGNING_SECRET,
        "gateway.linq.integration-token",
        LINQ_TOKEN,
        "gateway.linq.api-key",
        LINQ_API_KEY,
        // the doubles speak plain http on loopback; callers are not authenticated in these tests
        "gateway.chert.allow-http",
        "true",
        "gateway.linq.allow-http",
        "true",
        "gateway.auth.enabled",
        "false");
  }
}
