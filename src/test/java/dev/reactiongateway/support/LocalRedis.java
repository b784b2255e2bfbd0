package dev.reactiongateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Assumptions;

/** The Redis these tests use: 127.0.0.1:6379, as on the CI machines. */
public final class LocalRedis {

  public static final String URL = "redis://127.0.0.1:6379";

  private LocalRedis() {}

  /** Skips the calling test, saying why, when no Redis answers PING. */
  public static void assumeAvailable() {
    Assumptions.assumeTrue(
        answersPing(),
        "no Redis answers on 127.0.0.1:6379; start one (redis-server --port 6379) to run this test");
  }

  private static boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.read(reply);
      return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException unavailable) {
      return false;
    }
  }

  /**
   * Deletes every key starting with {@code prefix} (a test run's own keys), for a test that has no
   * Redis client of its own, such as one driving packaged replicas.
   */
  public static void deleteKeys(String prefix) throws IOException {
    String script =
        "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do"
            + " redis.call('DEL', k) n = n + 1 end return n";
    String[] command = {"EVAL", script, "0", prefix + "*"};
    StringBuilder resp = new StringBuilder("*" + command.length + "\r\n");
    for (String part : command) {
      resp.append('$')
          .append(part.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n")
          .append(part)
          .append("\r\n");
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      int first = socket.getInputStream().read();
      if (first != ':') {
        throw new IOException("Redis refused to delete the test's keys");
      }
    }
  }
}
