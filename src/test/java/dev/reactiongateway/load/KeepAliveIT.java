package dev.reactiongateway.load;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Connections as stock clients and slow clients use them, against the packaged gateway with its
 * default timings: an idle keep-alive connection outlives common client pools' idle times, while a
 * request that arrives too slowly is cut off at the read deadline wherever it stalls.
 */
@QuarkusIntegrationTest
@WithTestResource(CountingProvider.class)
class KeepAliveIT {

  /** {@code gateway.http.read-deadline}'s default. */
  static final Duration READ_DEADLINE = Duration.ofSeconds(5);

  /** Longer than Go's (90 s) and nginx's (60 s) default idle time for pooled connections. */
  static final Duration CLIENT_IDLE = Duration.ofSeconds(100);

  /** Scheduling slack on a shared CI machine. */
  static final Duration SLACK = Duration.ofSeconds(2);

  static final String BODY = "{\"messageId\":\"linq:77\",\"reaction\":\"love\"}";

  /**
   * The deadline's watch is set up by the first request the gateway sees (on a pod, its first
   * probe); the tricklers come after it, as they would to a pod in service.
   */
  @BeforeEach
  void aProbeComesFirst() {
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void aConnectionIdleFor100SecondsIsStillServed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", Gateway.port())) {
      assertEquals("HTTP/1.1 200 OK", exchange(socket));
      Thread.sleep(CLIENT_IDLE.toMillis());
      assertEquals("HTTP/1.1 200 OK", exchange(socket), "the same connection after idling");
    }
  }

  @Test
  void aClientTricklingHeaderBytesIsClosedWithinTheReadDeadline() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", Gateway.port())) {
      long closedAfter =
          millisUntilClosed(socket, "POST /v1/reactions HTTP/1.1\r\nHost: x\r\n", "X-Slow: 1\r\n");
      assertTrue(
          closedAfter <= READ_DEADLINE.plus(SLACK).toMillis(),
          "a client trickling headers was closed after " + closedAfter + " ms");
    }
  }

  @Test
  void aClientTricklingItsBodyIsClosedWithinTheReadDeadline() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", Gateway.port())) {
      String head =
          "POST /v1/reactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: 4000\r\n\r\n{";
      long closedAfter = millisUntilClosed(socket, head, " ");
      assertTrue(
          closedAfter <= READ_DEADLINE.plus(SLACK).toMillis(),
          "a client trickling its body was closed after " + closedAfter + " ms");
    }
  }

  /**
   * Writes {@code first}, then {@code trickle} every 200 ms, until the server closes the connection
   * (or three read deadlines pass): the milliseconds from the first byte to the close.
   */
  private static long millisUntilClosed(Socket socket, String first, String trickle)
      throws IOException {
    long started = System.nanoTime();
    long giveUp = started + READ_DEADLINE.multipliedBy(3).toNanos();
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    socket.setSoTimeout(200);
    try {
      out.write(first.getBytes(StandardCharsets.US_ASCII));
      while (System.nanoTime() < giveUp) {
        try {
          if (in.read() == -1) {
            break;
          }
        } catch (SocketTimeoutException stillOpen) {
          out.write(trickle.getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      }
    } catch (IOException closed) {
      // reset or broken pipe: the server closed the connection
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** Sends one reaction on {@code socket} and reads the whole answer: its status line. */
  private static String exchange(Socket socket) throws IOException {
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST /v1/reactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    String headers = readHead(in);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    in.readNBytes(length);
    return headers.substring(0, headers.indexOf("\r\n"));
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        throw new IOException("the server closed the connection; read so far: " + head);
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
