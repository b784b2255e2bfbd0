package dev.reactiongateway.load;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.reactiongateway.support.RedisProcess;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real Redis failover under the packaged gateway: its own {@code redis-server} processes (a
 * primary, one replica, three Sentinels, quorum 2), the gateway on Quarkus's Sentinel client and
 * the Redis idempotency store. Keyed Linq adds, then the primary is killed, the Sentinels promote
 * the replica, and each caller retries its key once (again while the gateway answers 503, as its
 * {@code Retry-After} says). No key may reach the provider twice.
 *
 * <p>The replica is frozen with {@code CLIENT PAUSE WRITE}: it keeps its link and answers the
 * Sentinels, but applies nothing of the replication stream, as a replica falling behind does.
 * Writes the primary accepted meanwhile are lost with it: when the primary dies the replica drops
 * the stream it had received but not applied, then it is unpaused and promoted. The killed primary
 * is restarted empty as a replica of the new one, as a supervisor would, so that writes can be
 * confirmed again.
 */
class RedisFailoverIT {

  static final String MASTER = "gateway";
  static final int KEYS = 20;

  static CountingProvider provider;
  static Map<String, String> providerConfig;
  static int nextMessage = 700_000;

  @BeforeAll
  static void startProvider() {
    RedisProcess.assumeInstalled();
    provider = new CountingProvider();
    providerConfig = provider.start();
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) {
      provider.stop();
    }
  }

  @BeforeEach
  void resetProvider() {
    provider.reset();
  }

  @Test
  void withAReplicaAckTheFrozenReplicaRefusesTheAddsAndNoKeyIsSentTwice() throws Exception {
    Run run = failover(1, true);

    for (Response first : run.first) {
      assertEquals(503, first.statusCode(), first.asString());
      assertEquals("idempotency_store_unavailable", first.jsonPath().getString("code"));
      assertNotNull(first.header("Retry-After"));
    }
    assertEquals(0, run.sentBeforeFailover, "the refused adds sent nothing");
    assertEquals(KEYS, run.notReplicatedBeforeFailover, "counted as store_not_replicated");
    for (Response retry : run.retries) {
      assertEquals(200, retry.statusCode(), retry.asString());
    }
    assertEquals(everyMessageOnce(run), run.sends);
  }

  @Test
  void withAReplicaAckAndTheLinkIntactRetriesReplayAndNoKeyIsSentTwice() throws Exception {
    Run run = failover(1, false);

    for (Response first : run.first) {
      assertEquals(200, first.statusCode(), first.asString());
    }
    for (Response retry : run.retries) {
      assertEquals(200, retry.statusCode(), retry.asString());
      assertEquals("true", retry.header("Idempotent-Replayed"), retry.asString());
    }
    assertEquals(everyMessageOnce(run), run.sends);
  }

  /** Today's single-Redis promise, which a failover to a lagging replica breaks: stated here. */
  @Test
  void withoutReplicaAcksAFailoverToALaggingReplicaSendsEveryKeyTwice() throws Exception {
    Run run = failover(0, true);

    for (Response first : run.first) {
      assertEquals(200, first.statusCode(), first.asString());
    }
    for (Response retry : run.retries) {
      assertEquals(200, retry.statusCode(), retry.asString());
      assertEquals(null, retry.header("Idempotent-Replayed"));
    }
    Map<String, Integer> twice = new TreeMap<>();
    run.messages.forEach(message -> twice.put(message, 2));
    assertEquals(twice, run.sends);
  }

  private static Map<String, Integer> everyMessageOnce(Run run) {
    Map<String, Integer> once = new TreeMap<>();
    run.messages.forEach(message -> once.put(message, 1));
    return once;
  }

  /** What callers and the provider saw in one failover. */
  record Run(
      List<String> messages,
      List<Response> first,
      int sentBeforeFailover,
      int notReplicatedBeforeFailover,
      List<Response> retries,
      Map<String, Integer> sends) {}

  private static Run failover(int minReplicaAcks, boolean freezeReplica) throws Exception {
    List<RedisProcess> sentinels = new ArrayList<>();
    try (RedisProcess primary = RedisProcess.primary();
        RedisProcess replica = RedisProcess.replicaOf(primary)) {
      replica.awaitLinkUp();
      for (int i = 0; i < 3; i++) {
        sentinels.add(RedisProcess.sentinel(primary, MASTER));
      }
      for (RedisProcess sentinel : sentinels) {
        sentinel.awaitAnswer(
            "SENTINEL MASTER " + MASTER,
            master -> master.contains("num-slaves\n1") && master.contains("num-other-sentinels\n2"),
            30_000);
      }
      Map<String, String> config = new HashMap<>(providerConfig);
      config.put("gateway.idempotency.store", "redis");
      config.put("quarkus.redis.client-type", "sentinel");
      config.put(
          "quarkus.redis.hosts",
          sentinels.stream().map(RedisProcess::url).collect(Collectors.joining(",")));
      config.put("quarkus.redis.master-name", MASTER);
      config.put("quarkus.redis.role", "master");
      config.put("gateway.redis.min-replica-acks", Integer.toString(minReplicaAcks));
      config.put("quarkus.shutdown.delay-enabled", "false");
      try (Replica gateway = Replica.start(config)) {
        if (freezeReplica) {
          assertEquals("OK", replica.call("CLIENT", "PAUSE", "120000", "WRITE"));
        }
        List<String> messages = new ArrayList<>();
        List<Response> first = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
          String message = Integer.toString(nextMessage++);
          messages.add(message);
          first.add(add(gateway, message));
        }
        int sentBeforeFailover = provider.received.size();
        int notReplicated = notReplicated(gateway);

        primary.kill();
        if (freezeReplica) {
          replica.awaitAnswer(
              "INFO replication", info -> info.contains("master_link_status:down"), 10_000);
          assertEquals("OK", replica.call("CLIENT", "UNPAUSE"));
        }
        sentinels
            .get(0)
            .awaitAnswer(
                "SENTINEL GET-MASTER-ADDR-BY-NAME " + MASTER,
                address -> address.endsWith("\n" + replica.port()),
                30_000);
        primary.restartAsReplicaOf(replica);
        primary.awaitLinked();

        List<Response> retries = new ArrayList<>();
        for (String message : messages) {
          retries.add(retryWhileUnavailable(gateway, message));
        }
        Map<String, Integer> sends = new TreeMap<>();
        provider.received.forEach(received -> sends.merge(received.messageId(), 1, Integer::sum));
        return new Run(messages, first, sentBeforeFailover, notReplicated, retries, sends);
      }
    } finally {
      for (RedisProcess sentinel : sentinels) {
        sentinel.close();
      }
    }
  }

  /** One caller's retry: once, and again after Retry-After while the store is unavailable. */
  private static Response retryWhileUnavailable(Replica gateway, String message)
      throws InterruptedException {
    long until = System.currentTimeMillis() + 30_000;
    Response retry = add(gateway, message);
    while (retry.statusCode() == 503 && System.currentTimeMillis() < until) {
      Thread.sleep(1000L * Integer.parseInt(retry.header("Retry-After")));
      retry = add(gateway, message);
    }
    return retry;
  }

  /** {@code gateway_idempotency_total{result="store_not_replicated"}}, 0 before the first. */
  private static int notReplicated(Replica gateway) {
    Matcher series =
        Pattern.compile(
                "(?m)^gateway_idempotency_total\\{[^}]*result=\"store_not_replicated\"[^}]*} (\\S+)$")
            .matcher(given().port(gateway.port()).get("/q/metrics").asString());
    return series.find() ? (int) Double.parseDouble(series.group(1)) : 0;
  }

  private static Response add(Replica gateway, String message) {
    return given()
        .port(gateway.port())
        .header("Idempotency-Key", "failover-" + message)
        .contentType("application/json")
        .body("{\"messageId\":\"linq:" + message + "\",\"reaction\":\"love\"}")
        .post("/v1/reactions");
  }
}
