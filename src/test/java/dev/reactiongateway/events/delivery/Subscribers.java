package dev.reactiongateway.events.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Internal services receiving deliveries, on one local HTTP server: each path records what arrives
 * and answers by its behaviour: {@code /ok*} 204, {@code /hang*} never, {@code /hang-once*} never
 * to an event's first attempt and 204 to the later ones, {@code /down*} 500, {@code /scripted*}
 * what a test scripted for the event's {@code webhook-id} (then 200), any other 200.
 */
public class Subscribers implements QuarkusTestResourceLifecycleManager {

  /** One request as it arrived. */
  public record Arrival(String path, Map<String, String> headers, byte[] body, Instant at) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String eventId() {
      return header("webhook-id");
    }
  }

  /** A scripted answer. */
  public record Answer(int status, Map<String, String> headers) {}

  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final Map<String, Queue<Answer>> scripts = new ConcurrentHashMap<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private HttpServer server;
  private ExecutorService threads;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads = Executors.newCachedThreadPool();
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
    return Map.of("test.subscribers.base-url", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(this, new TestInjector.MatchesType(Subscribers.class));
  }

  @Override
  public void stop() {
    released.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  /** The next answers, in order, to deliveries of this event to {@code /scripted*}. */
  public void script(String eventId, Answer... answers) {
    scripts.put(eventId, new ArrayDeque<>(List.of(answers)));
  }

  /** What arrived at a path for an event, oldest first. */
  public List<Arrival> arrivals(String path, String eventId) {
    return arrivals.stream()
        .filter(arrival -> arrival.path().equals(path) && eventId.equals(arrival.eventId()))
        .toList();
  }

  /** Everything that arrived at a path. */
  public List<Arrival> arrivals(String path) {
    return arrivals.stream().filter(arrival -> arrival.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, String> headers =
        exchange.getRequestHeaders().entrySet().stream()
            .collect(
                Collectors.toMap(
                    entry -> entry.getKey().toLowerCase(Locale.ROOT),
                    entry -> String.join(",", entry.getValue())));
    String path = exchange.getRequestURI().getPath();
    Arrival arrival = new Arrival(path, headers, body, Instant.now());
    arrivals.add(arrival);
    boolean firstAttempt = arrivals(path, String.valueOf(arrival.eventId())).size() == 1;
    if (path.startsWith("/hang") && (!path.startsWith("/hang-once") || firstAttempt)) {
      try {
        released.await(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    Answer answer;
    if (path.startsWith("/ok") || path.startsWith("/hang-once")) {
      answer = new Answer(204, Map.of());
    } else if (path.startsWith("/down")) {
      answer = new Answer(500, Map.of());
    } else if (path.startsWith("/scripted")) {
      Queue<Answer> script = scripts.get(arrival.eventId());
      Answer next = script == null ? null : script.poll();
      answer = next == null ? new Answer(200, Map.of()) : next;
    } else {
      answer = new Answer(200, Map.of());
    }
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(answer.status(), -1);
    exchange.close();
  }
}
