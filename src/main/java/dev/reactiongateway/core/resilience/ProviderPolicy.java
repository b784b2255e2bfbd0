package dev.reactiongateway.core.resilience;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the gateway protects one provider and its callers: timeouts, the overall deadline, retries,
 * the circuit breaker and the bulkhead. Mapped under {@code gateway.<provider>.*}; the defaults are
 * listed in docs/resilience-and-configuration.md.
 */
public interface ProviderPolicy {

  /** Time allowed to open a TCP (and TLS) connection to the provider. */
  @WithDefault("1s")
  Duration connectTimeout();

  /** Time allowed for the provider's answer once the request was sent, per attempt. */
  @WithDefault("2s")
  Duration readTimeout();

  /** Overall time for one caller request, retries and backoff included. */
  @WithDefault("5s")
  Duration deadline();

  Retry retry();

  Breaker breaker();

  Bulkhead bulkhead();

  /** Retries of attempts the classifier deems safe to repeat. */
  interface Retry {
    /** Retries after the first attempt; 0 disables retries. */
    @WithDefault("2")
    int maxRetries();

    /** Backoff before the first retry; doubled for each further retry. */
    @WithDefault("100ms")
    Duration initialBackoff();

    /** Upper bound of the exponential backoff (a provider's Retry-After may ask for more). */
    @WithDefault("1s")
    Duration maxBackoff();

    /** Random spread applied to each backoff, as a fraction of it (0.2 = ±20 %). */
    @WithDefault("0.2")
    double jitter();
  }

  /** The provider's circuit breaker; it counts only provider-side failures. */
  interface Breaker {
    /** Size of the rolling window of attempts the failure ratio is computed over. */
    @WithDefault("20")
    int requestVolumeThreshold();

    /** Share of provider-side failures in the window that opens the breaker. */
    @WithDefault("0.5")
    double failureRatio();

    /** How long the breaker stays open before letting a probe through. */
    @WithDefault("10s")
    Duration delay();

    /** Successful probes needed to close the breaker again. */
    @WithDefault("2")
    int successThreshold();
  }

  /**
   * Caps concurrent upstream calls so one slow provider cannot starve the other; an attempt waits
   * for a permit only as long as it can still finish before its request's deadline.
   */
  interface Bulkhead {
    /**
     * Concurrent upstream sends; the provider's HTTP connection pool is twice this and {@link
     * #readMaxConcurrent()} together.
     */
    @WithDefault("64")
    int maxConcurrent();

    /**
     * The most attempts waiting for a permit at once, whatever their deadlines: a memory bound
     * (each waiting request holds its connection and its state); beyond it, provider_busy.
     */
    @WithDefault("2048")
    int queueSize();

    /**
     * Concurrent upstream reads of a message's reactions: permits of their own beside {@link
     * #maxConcurrent()}, so reads never take a send's permit. Reads wait for them in a line of
     * their own, bounded by {@link #queueSize()} and refused by the same deadline rule as sends.
     */
    @WithDefault("8")
    int readMaxConcurrent();

    /** Weight of the newest attempt in the provider's latency estimate (0–1). */
    @WithDefault("0.2")
    double latencySmoothing();
  }
}
