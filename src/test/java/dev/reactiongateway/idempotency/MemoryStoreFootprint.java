package dev.reactiongateway.idempotency;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Prints the memory store's heap per kept answer: fills a store with {@code N} completed keys
 * shaped like real ones (a caller-scoped UUID key, a Linq fingerprint, a success body or a problem
 * body) and compares the heap after full GCs. Run by {@code bench/idempotency-footprint.sh}.
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

  public static void main(String[] args) {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    // One discarded fill first: the first one also pays for what the JVM sets up once.
    bytesPerAnswer(keys, 200, SUCCESS);
    System.out.printf(
        "%d answers, empty bodies: %d bytes of heap per answer%n",
        keys, bytesPerAnswer(keys, 200, ""));
    System.out.printf(
        "%d answers, %d-char success bodies: %d bytes of heap per answer%n",
        keys, SUCCESS.length(), bytesPerAnswer(keys, 200, SUCCESS));
    System.out.printf(
        "%d answers, %d-char problem bodies: %d bytes of heap per answer%n",
        keys, PROBLEM.length(), bytesPerAnswer(keys, 502, PROBLEM));
  }

  private static long bytesPerAnswer(int keys, int status, String body) {
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
    return (after - before) / keys;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
