package dev.reactiongateway.events.delivery;

import dev.reactiongateway.support.LocalRedis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
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
      config.put("gateway.events.redis-key-prefix", PREFIX);
      config.put("quarkus.redis.hosts", LocalRedis.URL);
      return config;
    }
  }

  static final String PREFIX = "{test-delivery-" + UUID.randomUUID() + "}:";

  @BeforeEach
  void requireRedis() {
    LocalRedis.assumeAvailable();
  }

  /** Leaves the shared Redis as it was. */
  @AfterAll
  static void removeKeys() throws IOException {
    LocalRedis.deleteKeys(PREFIX);
  }
}
