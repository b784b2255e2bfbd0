package dev.reactiongateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to the packaged gateway while a request is in flight: readiness goes DOWN at once, the
 * request still completes with its real answer, and the process then exits.
 */
class GracefulShutdownIT {

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
    } finally {
      gateway.destroyForcibly();
      linq.stop();
    }
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
        .redirectOutput(new File("target/graceful-shutdown-it.log"))
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
