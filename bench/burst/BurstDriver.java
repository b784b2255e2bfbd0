import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fires COUNT simultaneous POST /v1/reactions at the gateway for bench/burst.sh: every connection
 * is opened first, then one thread writes every request in a tight loop (a few milliseconds for a
 * thousand) and reads the answers as they come, through one selector. A thread per connection would
 * need the scheduler to wake a thousand threads one by one on a shared CPU, which spreads the burst
 * over hundreds of milliseconds and counts that spread into every later answer's time. Prints one
 * RESULT line:
 *
 * <p>RESULT count ok busy timeout other ok_p50 ok_p99 ok_max busy_p50 busy_p99 busy_max late
 * busy_without_retry_after written_ms
 *
 * <p>(milliseconds from the moment each request was written to the end of its answer; late: answers
 * after the deadline; written_ms: from the first request written to the last).
 *
 * <p>java bench/burst/BurstDriver.java PORT COUNT KEY DEADLINE_MS
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

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    String key = args[2];
    long deadline = Long.parseLong(args[3]);
    String body = "{\"messageId\":\"chert:msg_7f3a9c\",\"reaction\":\"love\"}";
    byte[] request =
        ("POST /v1/reactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer "
                + key
                + "\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.US_ASCII);
    Selector selector = Selector.open();
    SocketChannel[] channels = new SocketChannel[count];
    for (int i = 0; i < count; i++) {
      channels[i] = SocketChannel.open();
      channels[i].setOption(StandardSocketOptions.TCP_NODELAY, true);
      channels[i].socket().connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      channels[i].configureBlocking(false);
    }
    Answer[] answers = new Answer[count];
    long first = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Exchange exchange = new Exchange(i);
      ByteBuffer out = ByteBuffer.wrap(request);
      exchange.writtenNanos = System.nanoTime();
      while (out.hasRemaining()) {
        // A fresh connection's send buffer takes a whole request; this loop almost never turns.
        channels[i].write(out);
      }
      channels[i].register(selector, SelectionKey.OP_READ, exchange);
    }
    long writtenMillis = (System.nanoTime() - first) / 1_000_000;
    ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    int open = count;
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
        if (answer != null) {
          answers[exchange.index] = answer;
          ready.cancel();
          open--;
        }
      }
      selector.selectedKeys().clear();
    }
    for (int i = 0; i < count; i++) {
      channels[i].close();
      if (answers[i] == null) {
        answers[i] = new Answer(-1, "no_answer", false, -1);
      }
    }
    report(answers, deadline, writtenMillis);
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

  static void report(Answer[] answers, long deadline, long writtenMillis) {
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
    System.out.println("answers by status and code: " + byCode);
    System.out.printf(
        "RESULT %d %d %d %d %d %s %s %d %d %d%n",
        answers.length,
        ok.size(),
        busy.size(),
        timeout,
        other,
        percentiles(ok),
        percentiles(busy),
        late,
        busyWithoutRetryAfter,
        writtenMillis);
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
