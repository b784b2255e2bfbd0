package dev.reactiongateway.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One more gateway process: the packaged jar started on a free port with the given configuration,
 * for tests that need several replicas side by side (Quarkus starts only one per test class). Its
 * console goes to {@code target/replica-*.log}.
 */
final class Replica implements AutoCloseable {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
  private static final long START_MILLIS = 60_000;

  private final Process process;
  private final int port;
  private final Path log;

  private Replica(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the packaged gateway with {@code config} as system properties; waits until it listens.
   */
  static Replica start(Map<String, String> config) throws Exception {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR + " is missing: run ./mvnw package first");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC"));
    command.add("-Dquarkus.http.port=0");
    command.add("-Dquarkus.http.host=127.0.0.1");
    config.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", JAR.toString()));
    Path log = Files.createTempFile(Path.of("target"), "replica-", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long until = System.currentTimeMillis() + START_MILLIS;
    while (process.isAlive() && System.currentTimeMillis() < until) {
      Matcher listening = LISTENING.matcher(Files.readString(log));
      if (listening.find()) {
        return new Replica(process, Integer.parseInt(listening.group(1)), log);
      }
      Thread.sleep(100);
    }
    process.destroyForcibly().waitFor();
    throw new IllegalStateException(
        "the replica did not start listening; its console ("
            + log
            + "):\n"
            + Files.readString(log));
  }

  int port() {
    return port;
  }

  /** Everything the replica wrote to its console so far. */
  String console() throws java.io.IOException {
    return Files.readString(log);
  }

  /** Ends the process at once, as a crash or an OOM kill would: no shutdown at all. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
