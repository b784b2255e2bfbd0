package dev.reactiongateway.idempotency;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.Gateway;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Redis store configured but unreachable: keyed requests refused clearly, others unaffected.
 */
@QuarkusTest
@TestProfile(RedisUnavailableTest.NoRedis.class)
@WithTestResource(ProviderDoubles.class)
class RedisUnavailableTest {

  /** The Redis store, pointed at a port where nothing listens. */
  public static class NoRedis implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return Map.of(
            "gateway.idempotency.store",
            "redis",
            "quarkus.redis.hosts",
            "redis://127.0.0.1:" + socket.getLocalPort());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static final String LINQ_PATH = "/api/partner/v2/chat_messages/224/reactions";
  static final String LOVE = "{\"messageId\":\"linq:224\",\"reaction\":\"love\"}";

  @ProviderDoubles.Linq WireMockServer linq;

  @Test
  void readinessIsDownWhileTheConfiguredStoreIsUnreachable() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("status", equalTo("DOWN"))
        .body("checks.find { it.name == 'idempotency-store' }.status", equalTo("DOWN"))
        .body("checks.find { it.name == 'idempotency-store' }.data.store", equalTo("redis"));
  }

  @Test
  void aKeyedRequestIsRefusedWithoutCallingTheProviderAndAnUnkeyedOneGoesThrough() {
    linq.resetAll();
    linq.stubFor(
        post(LINQ_PATH).willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":1}}")));

    assertProblem(
            given()
                .contentType("application/json")
                .header("Idempotency-Key", "k-1")
                .body(LOVE)
                .post("/v1/reactions")
                .then(),
            503,
            "idempotency_store_unavailable")
        .body("retryable", equalTo(true))
        .header("Retry-After", "1");
    linq.verify(0, anyRequestedFor(anyUrl()));

    Gateway.react(LOVE).statusCode(200);
    linq.verify(1, anyRequestedFor(anyUrl()));
  }
}
