package dev.reactiongateway.events.delivery;

import dev.reactiongateway.support.LocalRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/** Every {@link PushDeliveryTest} scenario again, with events kept in a Redis stream. */
@QuarkusTest
@TestProfile(RedisPushDeliveryTest.RedisStore.class)
@WithTestResource(Subscribers.class)
class RedisPushDeliveryTest extends PushDeliveryTest {

  /** The same subscribers; the Redis store under keys of this run only. */
  public static class RedisStore extends PushDeliveryTest.Profile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(super.getConfigOverrides());
      config.put("gateway.events.store", "redis");
      config.put("gateway.events.redis-key-prefix", "{test-delivery-" + UUID.randomUUID() + "}:");
      config.put("quarkus.redis.hosts", LocalRedis.URL);
      return config;
    }
  }

  @BeforeEach
  void requireRedis() {
    LocalRedis.assumeAvailable();
  }
}
