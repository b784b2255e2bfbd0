package dev.reactiongateway.api.callers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fleet-wide rate limits with Redis unreachable: each replica goes on with its share. */
@QuarkusTest
@TestProfile(RateLimitFallbackTest.RedisGone.class)
@WithTestResource(ProviderDoubles.class)
class RateLimitFallbackTest {

  static final Path LOG = Path.of("target", "rate-limit-fallback-test.log");

  /** A limit of 4 for a fleet of 2, counted in a Redis where nothing listens. */
  public static class RedisGone implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return Map.of(
            "gateway.rate-limit.store", "redis",
            "gateway.rate-limit.requests", "4",
            "gateway.rate-limit.window", "10s",
            "gateway.rate-limit.replicas", "2",
            "quarkus.redis.hosts", "redis://127.0.0.1:" + socket.getLocalPort(),
            "quarkus.log.file.enabled", "true",
            "quarkus.log.file.path", LOG.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @ProviderDoubles.Linq WireMockServer linq;

  @Test
  void withRedisUnreachableTheReplicaAllowsItsShareThenAnswers429AndSaysSo() throws Exception {
    linq.resetAll();
    linq.stubFor(
        post("/api/partner/v2/chat_messages/224/reactions")
            .willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":1}}")));

    Gateway.react("{\"messageId\":\"linq:224\",\"reaction\":\"love\"}").statusCode(200);
    Gateway.react("{\"messageId\":\"linq:224\",\"reaction\":\"love\"}").statusCode(200);
    assertProblem(
            Gateway.react("{\"messageId\":\"linq:224\",\"reaction\":\"love\"}"),
            429,
            "rate_limited")
        .header("Retry-After", matchesPattern("[1-9][0-9]*"));
    linq.verify(2, anyRequestedFor(anyUrl()));

    String metrics = given().get("/q/metrics").asString();
    assertTrue(
        metrics.contains("gateway_rate_limit_fallback_total{caller=\"anonymous\"} 3.0"), metrics);
    String log = Files.readString(LOG);
    assertTrue(
        log.contains("WARN") && log.contains("Redis does not answer for rate limits"),
        "no WARN in " + LOG);
  }
}
