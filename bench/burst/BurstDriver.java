import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fires COUNT simultaneous POST /v1/reactions at the gateway for bench/burst.sh: every connection
 * is opened first, then all requests are written at once (a thread per connection waits on one
 * latch), so the burst is open-loop. Prints one RESULT line:
 *
 *   RESULT count ok busy timeout other ok_p50 ok_p99 ok_max busy_p50 busy_p99 busy_max late busy_without_retry_after
 *
 * (milliseconds from the release of the burst to the end of each answer; late: answers after the
 * deadline).
 *
 *   java bench/burst/BurstDriver.java PORT COUNT KEY DEADLINE_MS
 */
public class BurstDriver {
  static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([a-z_]+)\"");

  record Answer(int status, String code, boolean retryAfter, long millis) {}

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
    Socket[] sockets = new Socket[count];
    for (int i = 0; i < count; i++) {
      sockets[i] = new Socket();
      sockets[i].connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      sockets[i].setSoTimeout(120_000);
      sockets[i].setTcpNoDelay(true);
    }
    CountDownLatch ready = new CountDownLatch(count);
    CountDownLatch go = new CountDownLatch(1);
    Answer[] answers = new Answer[count];
    long[] released = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = i;
      Thread thread =
          new Thread(
              null,
              () -> {
                ready.countDown();
                try {
                  go.await();
                  OutputStream out = sockets[n].getOutputStream();
                  out.write(request);
                  out.flush();
                  answers[n] = read(sockets[n].getInputStream(), released[0]);
                } catch (Exception e) {
                  answers[n] = new Answer(-1, e.getClass().getSimpleName(), false, -1);
                }
              },
              "burst-" + i,
              256 * 1024);
      thread.start();
      threads.add(thread);
    }
    ready.await();
    released[0] = System.nanoTime();
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    for (Socket socket : sockets) {
      socket.close();
    }
    report(answers, deadline);
  }

  static Answer read(InputStream raw, long released) throws IOException {
    InputStream in = new BufferedInputStream(raw);
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    int status = Integer.parseInt(headers.substring(9, 12));
    Matcher length = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(headers);
    byte[] body = in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
    long millis = (System.nanoTime() - released) / 1_000_000;
    Matcher code = CODE.matcher(new String(body, StandardCharsets.UTF_8));
    return new Answer(
        status,
        code.find() ? code.group(1) : (status == 200 ? "ok" : "?"),
        headers.toLowerCase().contains("\r\nretry-after:"),
        millis);
  }

  static void report(Answer[] answers, long deadline) {
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
        "RESULT %d %d %d %d %d %s %s %d %d%n",
        answers.length,
        ok.size(),
        busy.size(),
        timeout,
        other,
        percentiles(ok),
        percentiles(busy),
        late,
        busyWithoutRetryAfter);
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
