package dev.reactiongateway.load;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking double of both providers for load tests: configurable delay and fault mix per
 * provider, and a record of every request (when it arrived, for which message, and whether the
 * double "acted" on it, i.e. answered in a way after which a real provider may have posted the
 * tapback). The gateway under test runs in its own process with the prod profile.
 */
public class CountingProvider implements QuarkusTestResourceLifecycleManager {

  /** Injects the running double into a field of this type. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Inject {}

  /** One request the double received. */
  public record Received(
      String provider, String messageId, String requestId, long atNanos, long atEpochMillis) {}

  /** How one provider behaves; fractions of requests per fault, the rest succeed. */
  public static final class Behaviour {
    public volatile long delayMillis;
    public volatile double serverErrors;
    public volatile double rateLimited;
    public volatile double resets;
    public volatile double hangs;

    public void healthy(long delay) {
      delayMillis = delay;
      serverErrors = rateLimited = resets = hangs = 0;
    }
  }

  public final Behaviour chert = new Behaviour();
  public final Behaviour linq = new Behaviour();
  public final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

  /** Per provider and message id: how many requests may have posted a tapback. */
  public final ConcurrentHashMap<String, AtomicInteger> acted = new ConcurrentHashMap<>();

  private Vertx vertx;
  private HttpServer server;

  @Override
  public Map<String, String> start() {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(this::handle)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    String base = "http://127.0.0.1:" + server.actualPort();
    Map<String, String> config = new HashMap<>();
    config.put("gateway.chert.base-url", base + "/chert");
    config.put("gateway.linq.base-url", base + "/linq");
    config.put("gateway.chert.allow-http", "true");
    config.put("gateway.linq.allow-http", "true");
    config.put("gateway.chert.tenant", "load-tenant");
    config.put("gateway.chert.signing-secret", "load-chert-secret");
    config.put("gateway.linq.integration-token", "load-linq-token");
    config.put("gateway.auth.enabled", "false");
    config.put("gateway.rate-limit.enabled", "false");
    config.put("quarkus.log.category.\"dev.reactiongateway.core.resilience\".level", "DEBUG");
    config.put("quarkus.log.category.\"dev.reactiongateway.provider.SendGates\".level", "DEBUG");
    return config;
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        this, new TestInjector.AnnotatedAndMatchesType(Inject.class, CountingProvider.class));
  }

  @Override
  public void stop() {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  public void reset() {
    chert.healthy(0);
    linq.healthy(0);
    received.clear();
    acted.clear();
  }

  /** The largest number of possibly-posted tapbacks for one message. */
  public int worstDuplicate() {
    return acted.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
  }

  private void handle(HttpServerRequest request) {
    boolean isChert = request.path().startsWith("/chert/");
    String provider = isChert ? "chert" : "linq";
    String[] segments = request.path().split("/");
    String messageId = segments.length > 5 ? segments[segments.length - 2] : "?";
    received.add(
        new Received(
            provider,
            messageId,
            request.getHeader("X-Request-Id"),
            System.nanoTime(),
            System.currentTimeMillis()));
    Behaviour behaviour = isChert ? chert : linq;
    request.body(
        body -> {
          boolean remove = body.succeeded() && body.result().toString().contains("\"remove\"");
          answer(request, provider, messageId, remove, behaviour);
        });
  }

  private void answer(
      HttpServerRequest request, String provider, String messageId, boolean remove, Behaviour b) {
    double dice = ThreadLocalRandom.current().nextDouble();
    String key = provider + ":" + messageId;
    if (dice < b.hangs) {
      if (!remove) {
        acted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      }
      return; // never answers: the gateway's read timeout fires
    }
    dice -= b.hangs;
    if (dice < b.resets) {
      if (!remove) {
        acted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      }
      request.connection().close();
      return;
    }
    dice -= b.resets;
    if (dice < b.rateLimited) {
      later(
          b,
          () ->
              request
                  .response()
                  .setStatusCode(429)
                  .putHeader("Retry-After", "1")
                  .end(
                      "{\"success\":false,\"error\":{\"status\":429,\"code\":\"rate_limited\",\"message\":\"slow down\"}}"));
      return;
    }
    dice -= b.rateLimited;
    if (!remove) {
      acted.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }
    if (dice < b.serverErrors) {
      later(
          b,
          () ->
              request
                  .response()
                  .setStatusCode(500)
                  .end(
                      "{\"success\":false,\"error\":{\"status\":500,\"code\":\"internal\",\"message\":\"boom\"}}"));
      return;
    }
    later(
        b,
        () ->
            request
                .response()
                .setStatusCode(provider.equals("chert") ? 200 : 201)
                .putHeader("Content-Type", "application/json")
                .end(
                    provider.equals("chert")
                        ? "{\"status\":\"sent\",\"message_id\":\""
                            + messageId
                            + "\",\"reaction\":\"love\"}"
                        : "{\"data\":{\"id\":1,\"chat_message_id\":"
                            + messageId
                            + ",\"reaction\":\"love\",\"sent_at\":\"2025-05-21T15:30:00.000-05:00\"}}"));
  }

  private void later(Behaviour behaviour, Runnable answer) {
    long delay = behaviour.delayMillis;
    if (delay <= 0) {
      answer.run();
    } else {
      vertx.setTimer(delay, id -> answer.run());
    }
  }

  /** Milliseconds between two nanoTime readings. */
  public static long millisBetween(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
  }
}
