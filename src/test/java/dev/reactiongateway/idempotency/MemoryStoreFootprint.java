package dev.reactiongateway.idempotency;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * The memory store's heap per kept answer, for {@code bench/idempotency-footprint.sh}: fills a
 * store with {@code N} completed keys shaped like real ones (a caller-scoped UUID key, a Linq
 * fingerprint, and an empty, success or problem body) and prints the heap the filled store adds,
 * after full GCs. The script runs it in a fresh JVM for two sizes and reports the difference per
 * key, which leaves out what the JVM and the classes allocate once.
 */
public final class MemoryStoreFootprint {

  private static final String SUCCESS =
      "{\"provider\":\"linq\",\"messageId\":\"224\",\"reaction\":\"love\",\"operation\":\"add\","
          + "\"status\":\"sent\",\"providerReactionId\":\"456\",\"sentAt\":"
          + "\"2025-05-21T15:30:00.000-05:00\",\"requestId\":\"5c1f0d6e-7a51-4c55-9a3e-2f4b8d7c9e10\"}";
  private static final String PROBLEM =
      "{\"type\":\"https://reaction-gateway.dev/problems/provider-timeout\",\"title\":\"Provider"
          + " timeout\",\"status\":502,\"detail\":\"linq did not answer within the deadline of 5000"
          + " ms; the reaction may have been delivered, so the gateway did not retry\",\"code\":"
          + "\"provider_timeout\",\"retryable\":false,\"provider\":\"linq\",\"requestId\":"
          + "\"5c1f0d6e-7a51-4c55-9a3e-2f4b8d7c9e10\"}";

  private MemoryStoreFootprint() {}

  /** Arguments: the number of keys, and {@code empty}, {@code success} or {@code problem}. */
  public static void main(String[] args) {
    int keys = Integer.parseInt(args[0]);
    String body =
        switch (args[1]) {
          case "empty" -> "";
          case "success" -> SUCCESS;
          case "problem" -> PROBLEM;
          default -> throw new IllegalArgumentException("empty, success or problem: " + args[1]);
        };
    System.out.println(heapOfFilledStore(keys, body == PROBLEM ? 502 : 200, body));
  }

  private static long heapOfFilledStore(int keys, int status, String body) {
    long before = usedAfterGc();
    MemoryIdempotencyStore store =
        new MemoryIdempotencyStore(
            keys, Duration.ofSeconds(30), Duration.ofHours(24), System::nanoTime);
    for (int i = 0; i < keys; i++) {
      // Fresh strings per key, as each request's own are.
      String key = Idempotency.scoped("billing", UUID.randomUUID().toString());
      String fingerprint = new String("linq|224|love|add".toCharArray());
      Claim claim = store.claim(key, fingerprint).await().indefinitely();
      StoredAnswer answer = new StoredAnswer(status, new String(body.toCharArray()), null);
      store.complete(claim, fingerprint, answer).await().indefinitely();
    }
    long after = usedAfterGc();
    if (store.size() != keys) {
      throw new IllegalStateException("the store holds " + store.size() + " keys");
    }
    return after - before;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
