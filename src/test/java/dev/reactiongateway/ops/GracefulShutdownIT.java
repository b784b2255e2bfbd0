package dev.reactiongateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to the packaged gateway while a request is in flight: readiness goes DOWN at once, the
 * request still completes with its real answer, its access line reaches the console, and the
 * process then exits.
 */
class GracefulShutdownIT {

  private static final Path LOG = Path.of("target", "graceful-shutdown-it.log");
  private static final String IN_FLIGHT = "in-flight-at-sigterm";

  @Test
  void aRequestInFlightAtSigtermCompletesWithItsRealAnswer() throws Exception {
    WireMockServer linq = new WireMockServer(options().dynamicPort());
    linq.start();
    linq.stubFor(
        post("/api/partner/v2/chat_messages/5/reactions")
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withBody("{\"data\":{\"id\":77,\"chat_message_id\":5}}")
                    .withFixedDelay(1_500)));
    int port = freePort();
    Process gateway = launch(port, linq.baseUrl());
    HttpClient http = HttpClient.newHttpClient();
    try {
      awaitReady(http, port);

      CompletableFuture<HttpResponse<String>> inFlight =
          http.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/reactions"))
                  .header("Content-Type", "application/json")
                  .header("X-Request-Id", IN_FLIGHT)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"messageId\":\"linq:5\",\"reaction\":\"love\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Thread.sleep(500);
      gateway.destroy(); // SIGTERM
      Thread.sleep(300);

      assertEquals(503, status(http, port, "/q/health/ready"), "readiness DOWN during shutdown");
      HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"providerReactionId\":\"77\""), answer.body());
      assertTrue(
          gateway.waitFor(25, TimeUnit.SECONDS), "the gateway exited within delay + timeout");
      assertEquals(
          List.of("200"),
          accessLines(IN_FLIGHT),
          "the request's access line reached the console before the process exited");
    } finally {
      gateway.destroyForcibly();
      linq.stop();
    }
  }

  /** The {@code status} of each access line the gateway wrote for {@code requestId}. */
  private static List<String> accessLines(String requestId) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> statuses = new ArrayList<>();
    for (String line : Files.readAllLines(LOG)) {
      JsonNode record = line.startsWith("{") ? json.readTree(line) : null;
      if (record != null
          && "dev.reactiongateway.access".equals(record.path("loggerName").asText())
          && requestId.equals(record.path("mdc").path("requestId").asText())) {
        statuses.add(record.path("mdc").path("status").asText());
      }
    }
    return statuses;
  }

  private static Process launch(int port, String linqUrl) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx128m",
            "-Dquarkus.http.port=" + port,
            "-Dgateway.auth.enabled=false",
            "-Dgateway.chert.tenant=t",
            "-Dgateway.chert.signing-secret=shutdown-test-secret",
            "-Dgateway.linq.integration-token=shutdown-test-token",
            "-Dgateway.linq.base-url=" + linqUrl,
            "-Dgateway.linq.allow-http=true",
            "-jar",
            Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(LOG.toFile())
        .start();
  }

  private static void awaitReady(HttpClient http, int port) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (status(http, port, "/q/health/ready") == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the gateway never became ready");
  }

  private static int status(HttpClient http, int port, String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception notListening) {
      return -1;
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
