import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load for bench/events.sh: signed Linq {@code reaction.added} webhooks into the gateway, and a
 * subscriber that receives the gateway's deliveries, checks their signature and times them.
 *
 * <pre>
 * java EventsDriver record URLS SECONDS CONNECTIONS LINQ_SECRET
 *     closed loop: CONNECTIONS webhooks in flight for SECONDS; prints
 *     RESULT record &lt;recorded&gt; &lt;seconds&gt; &lt;per second&gt; &lt;not 204&gt;
 * java EventsDriver steady URLS RATE SECONDS LINQ_SECRET SUB_PORT SUB_SECRET FAIL% DRAIN_SECONDS
 *     open loop: RATE webhooks a second for SECONDS, round robin over URLS (comma-separated; a
 *     webhook a replica does not take goes to the next, as the provider retries), while the
 *     subscriber on SUB_PORT answers FAIL% of deliveries 500; then waits up to DRAIN_SECONDS for
 *     every recorded event to arrive; prints
 *     RESULT steady &lt;sent&gt; &lt;recorded&gt; &lt;delivered&gt; &lt;deliveries&gt; &lt;duplicates&gt;
 *       &lt;lag p50 ms&gt; &lt;lag p99 ms&gt; &lt;lag max ms&gt; &lt;missing&gt; &lt;bad signatures&gt; &lt;failed on purpose&gt;
 * </pre>
 *
 * Lag is the time from the webhook's write to the subscriber's receipt of its first delivery.
 */
public class EventsDriver {
  static final Pattern EVENT_ID = Pattern.compile("\"providerEventId\":\"([^\"]+)\"");
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .executor(Executors.newFixedThreadPool(2))
          .build();

  static final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  static final Map<String, Boolean> recorded = new ConcurrentHashMap<>();
  static final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
  static final AtomicLong deliveries = new AtomicLong();
  static final AtomicLong badSignatures = new AtomicLong();
  static final AtomicLong failedOnPurpose = new AtomicLong();
  static final AtomicInteger notAccepted = new AtomicInteger();

  public static void main(String[] args) throws Exception {
    List<URI> urls = new ArrayList<>();
    for (String url : args[1].split(",")) {
      urls.add(URI.create(url + "/webhooks/linq"));
    }
    if (args[0].equals("record")) {
      record(urls, Integer.parseInt(args[2]), Integer.parseInt(args[3]), key(args[4]));
    } else {
      steady(args, urls);
    }
    System.exit(0);
  }

  static void record(List<URI> urls, int seconds, int connections, byte[] key) throws Exception {
    Semaphore inFlight = new Semaphore(connections);
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long start = System.nanoTime();
    AtomicLong ok = new AtomicLong();
    while (System.nanoTime() < end) {
      inFlight.acquire();
      send(urls, 0, key, UUID.randomUUID().toString())
          .whenComplete(
              (status, failure) -> {
                if (status != null && status == 204) {
                  ok.incrementAndGet();
                } else {
                  notAccepted.incrementAndGet();
                }
                inFlight.release();
              });
    }
    inFlight.acquire(connections);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "RESULT record %d %.1f %.0f %d%n",
        ok.get(), elapsed, ok.get() / elapsed, notAccepted.get());
  }

  static void steady(String[] args, List<URI> urls) throws Exception {
    int rate = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    byte[] key = key(args[4]);
    byte[] subscriberKey = key(args[6]);
    double failShare = Double.parseDouble(args[7]) / 100;
    int drain = Integer.parseInt(args[8]);
    subscriber(Integer.parseInt(args[5]), subscriberKey, failShare);
    long start = System.nanoTime();
    long total = (long) rate * seconds;
    AtomicLong next = new AtomicLong();
    for (long i = 0; i < total; i++) {
      long due = start + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      String id = UUID.randomUUID().toString();
      sentAt.put(id, System.nanoTime());
      int first = (int) (next.getAndIncrement() % urls.size());
      deliver(urls, first, key, id, 0);
    }
    long drainEnd = System.nanoTime() + Duration.ofSeconds(drain).toNanos();
    while (System.nanoTime() < drainEnd
        && (!firstArrival.keySet().containsAll(recorded.keySet())
            || recorded.size() + notAccepted.get() < total)) {
      Thread.sleep(200);
    }
    List<Long> lags = new ArrayList<>();
    for (Map.Entry<String, Long> arrival : firstArrival.entrySet()) {
      lags.add((arrival.getValue() - sentAt.get(arrival.getKey())) / 1_000_000);
    }
    Collections.sort(lags);
    long missing = recorded.keySet().stream().filter(id -> !firstArrival.containsKey(id)).count();
    System.out.printf(
        "RESULT steady %d %d %d %d %d %d %d %d %d %d %d%n",
        total,
        recorded.size(),
        firstArrival.size(),
        deliveries.get(),
        deliveries.get() - firstArrival.size(),
        percentile(lags, 0.50),
        percentile(lags, 0.99),
        lags.isEmpty() ? 0 : lags.get(lags.size() - 1),
        missing,
        badSignatures.get(),
        failedOnPurpose.get());
  }

  /** Sends one webhook, moving on to the next replica (as the provider retries) up to 20 times. */
  static void deliver(List<URI> urls, int index, byte[] key, String id, int tries) {
    send(urls, index, key, id)
        .whenComplete(
            (status, failure) -> {
              if (status != null && status == 204) {
                recorded.put(id, true);
              } else if (tries < 20) {
                CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS)
                    .execute(() -> deliver(urls, index + 1, key, id, tries + 1));
              } else {
                notAccepted.incrementAndGet();
              }
            });
  }

  static CompletableFuture<Integer> send(List<URI> urls, int index, byte[] key, String eventId) {
    String now = Instant.now().toString();
    byte[] body =
        ("{\"api_version\":\"v3\",\"webhook_version\":\"2026-02-03\",\"event_type\":\"reaction.added\","
                + "\"event_id\":\""
                + eventId
                + "\",\"created_at\":\""
                + now
                + "\",\"trace_id\":\"8af9171a45022df2eb74ba4e4c83be0f\",\"partner_id\":\"partner_bench\","
                + "\"data\":{\"chat_id\":\"550e8400-e29b-41d4-a716-446655440000\","
                + "\"message_id\":\"550e8400-e29b-41d4-a716-446655440001\",\"part_index\":0,"
                + "\"reaction_type\":\"love\",\"custom_emoji\":null,\"sticker\":null,\"is_from_me\":false,"
                + "\"from_handle\":{\"id\":\"550e8400-e29b-41d4-a716-446655440011\",\"handle\":\"+14155559876\","
                + "\"service\":\"iMessage\",\"joined_at\":\"2025-11-23T17:30:00.000Z\"},"
                + "\"service\":\"iMessage\",\"reacted_at\":\""
                + now
                + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
    String messageId = "msg_" + eventId;
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    HttpRequest request =
        HttpRequest.newBuilder(urls.get(Math.floorMod(index, urls.size())))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("webhook-id", messageId)
            .header("webhook-timestamp", timestamp)
            .header("webhook-signature", sign(key, messageId, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return CLIENT
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .handle((response, failure) -> response == null ? -1 : response.statusCode());
  }

  static void subscriber(int port, byte[] key, double failShare) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    server.createContext("/", exchange -> receive(exchange, key, failShare));
    server.setExecutor(Executors.newFixedThreadPool(64));
    server.start();
  }

  static void receive(HttpExchange exchange, byte[] key, double failShare) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    long now = System.nanoTime();
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
    String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
    if (id == null
        || timestamp == null
        || signature == null
        || !MessageDigest.isEqual(
            sign(key, id, timestamp, body).getBytes(StandardCharsets.US_ASCII),
            signature.getBytes(StandardCharsets.US_ASCII))) {
      badSignatures.incrementAndGet();
    }
    int status = 204;
    if (ThreadLocalRandom.current().nextDouble() < failShare) {
      failedOnPurpose.incrementAndGet();
      status = 500;
    } else {
      Matcher matcher = EVENT_ID.matcher(new String(body, StandardCharsets.UTF_8));
      if (matcher.find()) {
        deliveries.incrementAndGet();
        firstArrival.putIfAbsent(matcher.group(1), now);
      }
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  static byte[] key(String secret) {
    return Base64.getDecoder().decode(secret.substring("whsec_".length()));
  }

  static String sign(byte[] key, String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static long percentile(List<Long> sorted, double share) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(share * sorted.size()) - 1));
  }
}
