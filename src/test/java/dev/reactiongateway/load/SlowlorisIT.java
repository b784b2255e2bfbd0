package dev.reactiongateway.load;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clients that open connections and trickle bytes, or send nothing at all, do not exhaust the
 * server: normal requests keep being answered, and both kinds are closed by the server once the
 * read deadline passes.
 */
@QuarkusIntegrationTest
@WithTestResource(
    value = CountingProvider.class,
    initArgs = @ResourceArg(name = "scenario", value = "slowloris"))
class SlowlorisIT {

  static final int TRICKLERS = 400;

  @CountingProvider.Inject CountingProvider provider;

  @Test
  void tricklingAndIdleConnectionsDoNotStarveRealCallers() throws Exception {
    provider.reset();
    // Measure a starved server, not a cold one: the first calls load classes and open pools.
    for (int i = 0; i < 10; i++) {
      react("linq:" + (900 + i));
    }
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < TRICKLERS; i++) {
        Socket socket = new Socket("127.0.0.1", Gateway.port());
        sockets.add(socket);
        if (i % 2 == 0) {
          socket
              .getOutputStream()
              .write(
                  "POST /v1/reactions HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        }
      }
      long worst = 0;
      for (int round = 0; round < 20; round++) {
        for (int i = 0; i < sockets.size(); i += 2) {
          trickle(sockets.get(i));
        }
        long started = System.nanoTime();
        react("linq:" + (round + 1));
        worst = Math.max(worst, (System.nanoTime() - started) / 1_000_000);
        Thread.sleep(250);
      }
      // A starved server would hold real callers until the tricklers are cut off.
      assertTrue(worst < 2_000, "a real caller waited " + worst + " ms");

      assertTrue(closedByServer(sockets.get(0)), "the server closes a connection that trickles");
      assertTrue(
          closedByServer(sockets.get(1)), "the server closes a connection that sends nothing");
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /** One more header byte; a connection the server has closed already takes none. */
  private static void trickle(Socket socket) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write('X');
      out.flush();
    } catch (IOException closed) {
      // cut off by the read deadline: what should happen to a trickler
    }
  }

  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(20_000);
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static void react(String messageId) {
    given()
        .contentType("application/json")
        .body("{\"messageId\":\"" + messageId + "\",\"reaction\":\"love\"}")
        .post("/v1/reactions")
        .then()
        .statusCode(200);
  }
}
