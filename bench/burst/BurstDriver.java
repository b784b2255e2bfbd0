import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fires bursts of simultaneous POST /v1/reactions at the gateway for bench/burst.sh, the way a
 * fleet of callers with keep-alive pools does: a burst of N uses connections 0..N-1, opened when
 * first needed and kept for the bursts after it (a connection the gateway closed is opened again).
 * For each burst one thread writes every request in a tight loop (a few milliseconds for a
 * thousand) and reads the answers as they come, through one selector. A thread per connection would
 * need the scheduler to wake a thousand threads one by one on a shared CPU, which spreads the burst
 * over hundreds of milliseconds and counts that spread into every later answer's time.
 *
 * <p>java bench/burst/BurstDriver.java PORT KEY DEADLINE_MS PROVIDER_PORT STEP...
 *
 * <p>Steps, in order: {@code delay=MS} sets the provider double's delay; {@code N} is one burst of
 * N, {@code N*R} R bursts of N, both silent; {@code N:NAME} a burst of N that prints one line:
 *
 * <p>RESULT NAME count ok busy timeout other ok_p50 ok_p99 ok_max busy_p50 busy_p99 busy_max late
 * busy_without_retry_after written_ms fresh_connections sent cpu_us event_loop_us gc_us jit_us
 *
 * <p>(milliseconds from the moment each request was written to the end of its answer; late: answers
 * after the deadline; written_ms: from the first request written to the last; fresh_connections:
 * how many of the burst's connections were opened for it; sent: how many requests the provider
 * double received during the burst, from its GET /count; the last four: the gateway's CPU time
 * during the burst per request, in all, on its event loop, in the VM thread (garbage collection)
 * and in the JIT compiler threads, from /proc/GATEWAY_PID/task/TID/schedstat when the environment
 * names GATEWAY_PID, else "-").
 */
public class BurstDriver {
  static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"");
  static final Pattern LENGTH = Pattern.compile("(?i)content-length:\\s*(\\d+)");
  static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  record Answer(int status, String code, boolean retryAfter, long millis) {}

  /** One connection's request time and the bytes of its answer so far. */
  static final class Exchange {
    final int index;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    long writtenNanos;

    Exchange(int index) {
      this.index = index;
    }
  }

  final int port;
  final long deadline;
  final byte[] request;
  final List<SocketChannel> channels = new ArrayList<>();
  final Selector selector = Selector.open();
  int fresh;
  long writtenMillis;

  BurstDriver(int port, String key, long deadline) throws IOException {
    this.port = port;
    this.deadline = deadline;
    String body = "{\"messageId\":\"chert:msg_7f3a9c\",\"reaction\":\"love\"}";
    this.request =
        ("POST /v1/reactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer "
                + key
                + "\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.US_ASCII);
  }

  public static void main(String[] args) throws Exception {
    BurstDriver driver =
        new BurstDriver(Integer.parseInt(args[0]), args[1], Long.parseLong(args[2]));
    int providerPort = Integer.parseInt(args[3]);
    for (int i = 4; i < args.length; i++) {
      String step = args[i];
      if (step.startsWith("delay=")) {
        provider(providerPort, "PUT", "/delay/" + step.substring("delay=".length()));
      } else if (step.contains(":")) {
        String[] parts = step.split(":", 2);
        int before = Integer.parseInt(provider(providerPort, "GET", "/count"));
        Map<String, Long> cpuBefore = gatewayCpu();
        Answer[] answers = driver.burst(Integer.parseInt(parts[0]));
        Map<String, Long> cpuAfter = gatewayCpu();
        int sent = Integer.parseInt(provider(providerPort, "GET", "/count")) - before;
        driver.report(parts[1], answers, sent, cpuPerRequest(cpuBefore, cpuAfter, answers.length));
      } else {
        String[] parts = step.split("\\*", 2);
        int rounds = parts.length == 2 ? Integer.parseInt(parts[1]) : 1;
        for (int r = 0; r < rounds; r++) {
          driver.burst(Integer.parseInt(parts[0]));
        }
      }
    }
    for (SocketChannel channel : driver.channels) {
      channel.close();
    }
  }

  /**
   * The gateway's CPU nanoseconds so far by kind of thread (all, event loop, gc, jit), or an empty
   * map when GATEWAY_PID is not set.
   */
  static Map<String, Long> gatewayCpu() throws IOException {
    Map<String, Long> cpu = new TreeMap<>();
    String pid = System.getenv("GATEWAY_PID");
    if (pid == null) {
      return cpu;
    }
    try (var tasks = Files.list(Path.of("/proc", pid, "task"))) {
      for (Path task : tasks.toList()) {
        String name;
        long nanos;
        try {
          name = Files.readString(task.resolve("comm")).trim();
          nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
        } catch (IOException gone) {
          continue; // a thread that ended meanwhile
        }
        cpu.merge("all", nanos, Long::sum);
        if (name.startsWith("vert.x-eventloo")) {
          cpu.merge("event-loop", nanos, Long::sum);
        } else if (name.equals("VM Thread")) {
          cpu.merge("gc", nanos, Long::sum);
        } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
          cpu.merge("jit", nanos, Long::sum);
        }
      }
    }
    return cpu;
  }

  /** "all event-loop gc jit" in microseconds per request, or "- - - -". */
  static String cpuPerRequest(Map<String, Long> before, Map<String, Long> after, int requests) {
    if (after.isEmpty()) {
      return "- - - -";
    }
    StringBuilder line = new StringBuilder();
    for (String kind : List.of("all", "event-loop", "gc", "jit")) {
      long nanos = after.getOrDefault(kind, 0L) - before.getOrDefault(kind, 0L);
      line.append(line.length() == 0 ? "" : " ").append(nanos / 1_000 / requests);
    }
    return line.toString();
  }

  /** One call to the provider double, on a connection of its own; the answer's body. */
  static String provider(int providerPort, String method, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", providerPort)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          (method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n"
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      if (!answer.startsWith("HTTP/1.1 2")) {
        throw new IOException("the provider double refused " + method + " " + path + ": " + answer);
      }
      return answer.substring(answer.indexOf("\r\n\r\n") + 4).trim();
    }
  }

  /** One burst of {@code count} on connections 0..count-1: every answer, by connection. */
  Answer[] burst(int count) throws IOException {
    fresh = 0;
    for (int i = 0; i < count; i++) {
      if (i == channels.size()) {
        channels.add(open());
        fresh++;
      } else if (!channels.get(i).isOpen()) {
        channels.set(i, open());
        fresh++;
      }
    }
    Answer[] answers = new Answer[count];
    SelectionKey[] keys = new SelectionKey[count];
    long first = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Exchange exchange = new Exchange(i);
      ByteBuffer out = ByteBuffer.wrap(request);
      SocketChannel channel = channels.get(i);
      exchange.writtenNanos = System.nanoTime();
      try {
        while (out.hasRemaining()) {
          // An idle connection's send buffer takes a whole request; this loop almost never turns.
          channel.write(out);
        }
        keys[i] = channel.register(selector, SelectionKey.OP_READ, exchange);
      } catch (IOException e) {
        answers[i] = closed();
        channel.close();
      }
    }
    writtenMillis = (System.nanoTime() - first) / 1_000_000;
    ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    int open = 0;
    for (Answer answer : answers) {
      open += answer == null ? 1 : 0;
    }
    long giveUp = System.nanoTime() + 120_000_000_000L;
    while (open > 0 && System.nanoTime() < giveUp) {
      selector.select(1_000);
      for (SelectionKey ready : selector.selectedKeys()) {
        Exchange exchange = (Exchange) ready.attachment();
        SocketChannel channel = (SocketChannel) ready.channel();
        in.clear();
        int read;
        try {
          read = channel.read(in);
        } catch (IOException e) {
          read = -1;
        }
        if (read > 0) {
          exchange.received.write(in.array(), 0, read);
        }
        Answer answer = read < 0 ? closed() : parse(exchange.received.toByteArray(), exchange);
        if (read < 0) {
          channel.close();
        }
        if (answer != null) {
          answers[exchange.index] = answer;
          if (ready.isValid()) {
            ready.interestOps(0);
          }
          open--;
        }
      }
      selector.selectedKeys().clear();
    }
    for (int i = 0; i < count; i++) {
      if (keys[i] != null) {
        keys[i].cancel();
      }
      if (answers[i] == null) {
        answers[i] = new Answer(-1, "no_answer", false, -1);
        channels.get(i).close();
      }
    }
    // Cancelled keys leave the selector at its next select; a channel must be off it before it
    // can be registered again or put back in blocking mode.
    selector.selectNow();
    return answers;
  }

  SocketChannel open() throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    channel.socket().connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    channel.configureBlocking(false);
    return channel;
  }

  static Answer closed() {
    return new Answer(-1, "closed", false, -1);
  }

  /** The answer once its head and whole body are in, else null. */
  static Answer parse(byte[] bytes, Exchange exchange) {
    int head = indexOf(bytes, END_OF_HEAD);
    if (head < 0) {
      return null;
    }
    String headers = new String(bytes, 0, head + 4, StandardCharsets.US_ASCII);
    Matcher length = LENGTH.matcher(headers);
    int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
    if (bytes.length < head + 4 + bodyLength) {
      return null;
    }
    long millis = (System.nanoTime() - exchange.writtenNanos) / 1_000_000;
    int status = Integer.parseInt(headers.substring(9, 12));
    Matcher code = CODE.matcher(new String(bytes, head + 4, bodyLength, StandardCharsets.UTF_8));
    return new Answer(
        status,
        code.find() ? code.group(1) : (status == 200 ? "ok" : "?"),
        headers.toLowerCase().contains("\r\nretry-after:"),
        millis);
  }

  static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Prints one RESULT line for the burst just run. */
  void report(String name, Answer[] answers, int sent, String cpu) {
    Map<String, Integer> byCode = new TreeMap<>();
    List<Long> ok = new ArrayList<>();
    List<Long> busy = new ArrayList<>();
    int late = 0;
    int busyWithoutRetryAfter = 0;
    for (Answer a : answers) {
      byCode.merge(a.status + " " + a.code, 1, Integer::sum);
      if (a.millis > deadline) {
        late++;
      }
      if (a.status == 200) {
        ok.add(a.millis);
      } else if ("provider_busy".equals(a.code)) {
        busy.add(a.millis);
        if (!a.retryAfter) {
          busyWithoutRetryAfter++;
        }
      }
    }
    int timeout = byCode.getOrDefault("502 provider_timeout", 0);
    int other = answers.length - ok.size() - busy.size() - timeout;
    System.out.println(name + ": answers by status and code: " + byCode);
    System.out.printf(
        "RESULT %s %d %d %d %d %d %s %s %d %d %d %d %d %s%n",
        name,
        answers.length,
        ok.size(),
        busy.size(),
        timeout,
        other,
        percentiles(ok),
        percentiles(busy),
        late,
        busyWithoutRetryAfter,
        writtenMillis,
        fresh,
        sent,
        cpu);
  }

  static String percentiles(List<Long> values) {
    if (values.isEmpty()) {
      return "- - -";
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[(sorted.length - 1) / 2]
        + " "
        + sorted[(int) Math.ceil(sorted.length * 0.99) - 1]
        + " "
        + sorted[sorted.length - 1];
  }
}
