package dev.reactiongateway.load;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gateway process under test, seen from outside: its port, its metrics, its JVM. */
final class Gateway {

  private Gateway() {}

  static int port() {
    return RestAssured.port;
  }

  /** The sum of a metric's series whose tags include {@code tags} (empty: every series). */
  static double metric(String name, String tags) {
    String exposition = given().get("/q/metrics").asString();
    Matcher line =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$").matcher(exposition);
    double sum = 0;
    boolean found = false;
    while (line.find()) {
      String labels = line.group(1) == null ? "" : line.group(1);
      if (labels.contains(tags)) {
        sum += Double.parseDouble(line.group(2));
        found = true;
      }
    }
    if (!found) {
      throw new AssertionError("no series " + name + " with " + tags + " in /q/metrics");
    }
    return sum;
  }

  /** Waits until no attempt holds or waits for a bulkhead permit; false if it never happens. */
  static boolean settles(long timeoutMillis) throws InterruptedException {
    long until = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < until) {
      if (metric("gateway_bulkhead_in_use", "") == 0
          && metric("gateway_bulkhead_queued", "") == 0) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** The gateway's process (the packaged application launched for this test run). */
  static Optional<ProcessHandle> process() {
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("quarkus-run.jar") || c.contains("-runner"))
                    .orElse(false))
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .findFirst();
  }

  /** Resident memory of the gateway process in MiB, from /proc (Linux). */
  static long rssMib() throws IOException {
    return statusMib("VmRSS:");
  }

  /** The most resident memory the gateway process has had so far, in MiB. */
  static long rssPeakMib() throws IOException {
    return statusMib("VmHWM:");
  }

  private static long statusMib(String field) throws IOException {
    Optional<ProcessHandle> process = process();
    if (process.isEmpty()) {
      return -1;
    }
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.get().pid()), "status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  /** Heap in use after a full GC, in MiB (jcmd GC.run, then the JVM's own metric). */
  static double heapAfterGcMib() throws Exception {
    Optional<ProcessHandle> process = process();
    if (process.isPresent()) {
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      new ProcessBuilder(jcmd, Long.toString(process.get().pid()), "GC.run")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    }
    return metric("jvm_memory_used_bytes", "area=\"heap\"") / (1024 * 1024);
  }
}
