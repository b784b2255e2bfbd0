import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Chert stand-in for bench/burst.sh: answers every reaction with Chert's 200 after a fixed delay,
 * counts what it received. PUT /delay/{ms} changes the delay; GET /count reads the count.
 *
 * <p>java bench/burst/ProviderDouble.java PORT
 */
public class ProviderDouble {
  static final byte[] SENT =
      "{\"status\":\"sent\",\"message_id\":\"msg_7f3a9c\",\"reaction\":\"love\"}"
          .getBytes(StandardCharsets.UTF_8);
  static final AtomicLong delay = new AtomicLong();
  static final AtomicInteger received = new AtomicInteger();

  public static void main(String[] args) throws IOException {
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])),
            4096);
    server.createContext("/", ProviderDouble::handle);
    // A thread per request the gateway may have in flight (its pool is at most 2 x 64 here).
    server.setExecutor(Executors.newFixedThreadPool(256));
    server.start();
  }

  static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    exchange.getRequestBody().readAllBytes();
    if (path.startsWith("/delay/")) {
      delay.set(Long.parseLong(path.substring("/delay/".length())));
      answer(exchange, 204, new byte[0]);
    } else if (path.equals("/count")) {
      answer(exchange, 200, Integer.toString(received.get()).getBytes(StandardCharsets.UTF_8));
    } else if (path.matches("/api/v1/messages/[^/]+/react")) {
      received.incrementAndGet();
      try {
        Thread.sleep(delay.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.getResponseHeaders().add("X-Trace-ID", "tr_01HBURST");
      answer(exchange, 200, SENT);
    } else {
      answer(exchange, 404, new byte[0]);
    }
  }

  static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
