package dev.reactiongateway.idempotency;

import dev.reactiongateway.support.LocalRedis;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;

/** Every {@link IdempotencyTest} scenario again, on the Redis store. */
@QuarkusTest
@TestProfile(RedisIdempotencyTest.RedisStore.class)
class RedisStoreIdempotencyTest extends IdempotencyTest {

  @BeforeEach
  void requireRedis() {
    LocalRedis.assumeAvailable();
  }
}
