package dev.reactiongateway.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A {@code redis-server} process of a test's own, on a free loopback port, without persistence: a
 * primary, a replica of one, or a Sentinel ({@code --sentinel} mode of the same binary). Its
 * console goes to a file in its own temporary directory. Never the shared Redis on 6379.
 */
public final class RedisProcess implements AutoCloseable {

  private static final String BINARY = "redis-server";

  private final List<String> command;
  private final Path dir;
  private final int port;
  private Process process;

  private RedisProcess(List<String> command, Path dir, int port) {
    this.command = command;
    this.dir = dir;
    this.port = port;
  }

  /** Skips the calling test, saying why, when no {@code redis-server} binary can be run. */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(
        installed(),
        "no redis-server binary on the PATH; install Redis 7 (apt-get install redis-server) to"
            + " run this test");
  }

  private static boolean installed() {
    try {
      Process version =
          new ProcessBuilder(BINARY, "--version")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
    } catch (IOException | InterruptedException missing) {
      return false;
    }
  }

  /** A primary. */
  public static RedisProcess primary() throws IOException {
    return server(List.of());
  }

  /** A replica of {@code primary}; {@link #awaitLinkUp} tells when it holds the primary's data. */
  public static RedisProcess replicaOf(RedisProcess primary) throws IOException {
    return server(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
  }

  /**
   * A Sentinel watching {@code primary} as {@code masterName}: quorum 2, the primary down after 1 s
   * without an answer, a failover retried after 2 s.
   */
  public static RedisProcess sentinel(RedisProcess primary, String masterName) throws IOException {
    Path dir = Files.createTempDirectory("redis-sentinel-");
    int port = freePort();
    Path conf = dir.resolve("sentinel.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "port " + port,
            "bind 127.0.0.1",
            "dir " + dir,
            "logfile \"\"",
            "sentinel resolve-hostnames no",
            "sentinel monitor " + masterName + " 127.0.0.1 " + primary.port() + " 2",
            "sentinel down-after-milliseconds " + masterName + " 1000",
            "sentinel failover-timeout " + masterName + " 2000",
            ""));
    RedisProcess sentinel =
        new RedisProcess(List.of(BINARY, conf.toString(), "--sentinel"), dir, port);
    sentinel.start(List.of());
    return sentinel;
  }

  private static RedisProcess server(List<String> role) throws IOException {
    Path dir = Files.createTempDirectory("redis-server-");
    int port = freePort();
    List<String> command =
        List.of(
            BINARY,
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            dir.toString());
    RedisProcess server = new RedisProcess(command, dir, port);
    server.start(role);
    return server;
  }

  private void start(List<String> role) throws IOException {
    List<String> full = new ArrayList<>(command);
    full.addAll(role);
    process =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
            .start();
    awaitAnswer("PING", reply -> reply.equals("PONG"), 10_000);
  }

  /**
   * Starts a killed server again on its port, empty, as a replica of {@code primary} (as a
   * supervisor restarting a crashed Redis next to a Sentinel-managed primary would).
   */
  public void restartAsReplicaOf(RedisProcess primary) throws IOException {
    start(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port())));
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:port}. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Sends one command; the reply as text (an array's elements one per line, an error as -ERR). */
  public String call(String... command) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
      for (String part : command) {
        request
            .append('$')
            .append(part.getBytes(StandardCharsets.UTF_8).length)
            .append("\r\n")
            .append(part)
            .append("\r\n");
      }
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return reply(new BufferedInputStream(socket.getInputStream()));
    }
  }

  /** Polls {@code command} until {@code done} accepts its reply; fails after {@code millis}. */
  public String awaitAnswer(String command, Predicate<String> done, long millis)
      throws IOException {
    long until = System.currentTimeMillis() + millis;
    String last = null;
    while (System.currentTimeMillis() < until) {
      try {
        last = call(command.split(" "));
        if (done.test(last)) {
          return last;
        }
      } catch (IOException notYet) {
        last = notYet.toString();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    throw new IllegalStateException(
        "redis on " + port + " never answered " + command + " as expected; last: " + last);
  }

  /** Waits until this replica's link to its primary is up (it holds the primary's data). */
  public void awaitLinkUp() throws IOException {
    awaitAnswer("INFO replication", info -> info.contains("master_link_status:up"), 20_000);
  }

  /**
   * Waits until this server is linked with another again, whichever of the two the Sentinels made
   * primary: its link to its primary is up, or it is a primary with a replica online. On a loaded
   * machine the Sentinels (down after 1 s) may fail over a second time, back to this server, once
   * it has resynchronised as a replica.
   */
  public void awaitLinked() throws IOException {
    awaitAnswer(
        "INFO replication",
        info ->
            info.contains("master_link_status:up")
                || (info.contains("role:master") && info.contains("state=online")),
        20_000);
  }

  /** Stops the process at once (SIGKILL), as a crashed host would. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** Stops the process and deletes its directory. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException leftBehind) {
      // a temporary directory the system cleans up
    }
  }

  private static String reply(InputStream in) throws IOException {
    String line = line(in);
    char type = line.charAt(0);
    String rest = line.substring(1);
    switch (type) {
      case '+', ':':
        return rest;
      case '-':
        return "-" + rest;
      case '$':
        int length = Integer.parseInt(rest);
        if (length < 0) {
          return null;
        }
        byte[] bulk = in.readNBytes(length + 2);
        return new String(bulk, 0, length, StandardCharsets.UTF_8);
      case '*':
        int count = Integer.parseInt(rest);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          items.add(reply(in));
        }
        return String.join("\n", items.stream().map(String::valueOf).toList());
      default:
        throw new IOException("unexpected reply: " + line);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        return line.toString();
      }
      line.append((char) c);
    }
    throw new IOException("connection closed mid-reply");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
