package dev.reactiongateway.load;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.support.LocalRedis;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes on one Redis, configured only with the Redis idempotency store (as the
 * {@code ha} overlay is): a caller's rate limit holds for the pair, not for each.
 */
class FleetRateLimitIT {

  static final int LIMIT = 40;
  static final String KEY = "billing-key-1";
  static final String KEY_SHA256 =
      "fae753df059d1aaa02b5fce22fbc90ba2d91df1c1908d333c1346f81b16b4499";

  static CountingProvider provider;
  static Replica first;
  static Replica second;

  @BeforeAll
  static void startTwoReplicas() throws Exception {
    LocalRedis.assumeAvailable();
    provider = new CountingProvider();
    Map<String, String> config = new HashMap<>(provider.start());
    String run = "reaction-gateway-test:" + UUID.randomUUID() + ":";
    config.put("gateway.idempotency.store", "redis");
    config.put("gateway.idempotency.redis-key-prefix", run + "idempotency:");
    config.put("gateway.rate-limit.redis-key-prefix", run + "rate-limit:");
    config.put("quarkus.redis.hosts", LocalRedis.URL);
    config.put("gateway.auth.enabled", "true");
    config.put("gateway.rate-limit.enabled", "true");
    config.put("gateway.auth.callers.billing.key-sha256", KEY_SHA256);
    config.put("gateway.auth.callers.billing.rate-limit", Integer.toString(LIMIT));
    config.put("gateway.rate-limit.window", "30s");
    config.put("quarkus.shutdown.delay-enabled", "false");
    first = Replica.start(config);
    second = Replica.start(config);
  }

  @AfterAll
  static void stopReplicas() throws Exception {
    for (Replica replica : new Replica[] {first, second}) {
      if (replica != null) {
        replica.close();
      }
    }
    if (provider != null) {
      provider.stop();
    }
  }

  @Test
  void aCallersLimitHoldsAcrossTwoReplicasThenItIsRateLimitedWithRetryAfter() {
    int succeeded = 0;
    int limited = 0;
    Response last = null;
    for (int i = 0; i < 2 * LIMIT; i++) {
      last = react(i % 2 == 0 ? first : second, "linq:" + (1000 + i));
      if (last.statusCode() == 200) {
        succeeded++;
      } else {
        assertEquals(429, last.statusCode(), last.asString());
        assertEquals("rate_limited", last.jsonPath().getString("code"));
        limited++;
      }
    }
    assertTrue(
        Math.abs(succeeded - LIMIT) <= LIMIT * 0.05,
        succeeded
            + " of "
            + 2 * LIMIT
            + " requests succeeded across both replicas; limit "
            + LIMIT);
    assertEquals(2 * LIMIT - succeeded, limited);
    assertEquals(429, last.statusCode());
    int retryAfter = Integer.parseInt(last.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After: " + retryAfter);
  }

  private static Response react(Replica replica, String messageId) {
    return given()
        .port(replica.port())
        .header("Authorization", "Bearer " + KEY)
        .contentType("application/json")
        .body("{\"messageId\":\"" + messageId + "\",\"reaction\":\"love\"}")
        .post("/v1/reactions");
  }
}
