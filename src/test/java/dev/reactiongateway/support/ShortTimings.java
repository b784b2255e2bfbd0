package dev.reactiongateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** Resilience numbers shrunk so fault tests run in milliseconds, for both providers. */
public class ShortTimings implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>();
    for (String provider : new String[] {"chert", "linq"}) {
      String prefix = "gateway." + provider + ".";
      config.put(prefix + "connect-timeout", "200ms");
      config.put(prefix + "read-timeout", "300ms");
      config.put(prefix + "deadline", "2s");
      config.put(prefix + "retry.max-retries", "2");
      config.put(prefix + "retry.initial-backoff", "20ms");
      config.put(prefix + "retry.max-backoff", "100ms");
      config.put(prefix + "breaker.request-volume-threshold", "4");
      config.put(prefix + "breaker.failure-ratio", "0.5");
      config.put(prefix + "breaker.delay", "1s");
      config.put(prefix + "breaker.success-threshold", "1");
      config.put(prefix + "bulkhead.max-concurrent", "4");
      config.put(prefix + "bulkhead.queue-size", "4");
    }
    return config;
  }
}
