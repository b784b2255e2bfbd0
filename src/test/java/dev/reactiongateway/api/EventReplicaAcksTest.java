package dev.reactiongateway.api;

import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.LinqWebhookDeliveries.deliver;
import static dev.reactiongateway.support.LinqWebhookDeliveries.reactionAdded;
import static org.hamcrest.Matchers.containsString;

import dev.reactiongateway.support.LinqWebhookDeliveries;
import dev.reactiongateway.support.LocalRedis;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Redis event store requiring a replica's acknowledgement that the local Redis, which has no
 * replica, can never give: a webhook is answered 503 so the provider delivers it again.
 */
@QuarkusTest
@TestProfile(EventReplicaAcksTest.OneReplicaRequired.class)
class EventReplicaAcksTest {

  static final String PREFIX = "{test-events-" + UUID.randomUUID() + "}:";

  /** One replica required, none there. */
  public static class OneReplicaRequired implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.linq.webhook-secrets",
          LinqWebhookDeliveries.SECRET,
          "gateway.events.store",
          "redis",
          "gateway.events.retention",
          "1m",
          "gateway.events.redis-key-prefix",
          PREFIX,
          "gateway.redis.min-replica-acks",
          "1",
          "gateway.redis.replica-ack-timeout",
          "100ms");
    }
  }

  @Inject RedisDataSource redis;

  @Test
  void aWebhookWhoseRecordNoReplicaConfirmedIs503() {
    LocalRedis.assumeAvailable();
    assertProblem(
            deliver(reactionAdded(UUID.randomUUID().toString(), "love")),
            503,
            "event_store_unavailable")
        .header("Retry-After", containsString("1"));
    // Written before Redis was asked for confirmations: the redelivery the 503 asks for finds it.
    redis.key().del(redis.key().keys(PREFIX + "*").toArray(String[]::new));
  }
}
