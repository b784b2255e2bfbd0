package dev.reactiongateway.ops;

import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderFailure;
import dev.reactiongateway.core.resilience.GuardEvents;
import dev.reactiongateway.events.EventReports;
import dev.reactiongateway.idempotency.IdempotencyEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every gateway metric, named and tagged in one place (docs/operations.md). Tag values are bounded
 * sets: providers, operations, contract codes, configured caller names, result classes; never ids
 * or keys.
 */
@Singleton
public class GatewayMetrics implements GuardEvents, IdempotencyEvents, EventReports {

  private static final Duration FASTEST = Duration.ofMillis(1);
  private static final Duration SLOWEST = Duration.ofSeconds(30);

  private final MeterRegistry registry;

  /**
   * The meters of the two per-request calls, by their tag values (bounded sets, see above): found
   * with one map lookup instead of building, sorting and registering tags on every request.
   */
  private final Map<List<String>, Counter> requests = new ConcurrentHashMap<>();

  private final Map<List<String>, Timer> requestDurations = new ConcurrentHashMap<>();
  private final Map<List<String>, Counter> attempts = new ConcurrentHashMap<>();
  private final Map<List<String>, Timer> attemptDurations = new ConcurrentHashMap<>();

  GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * One answered API request ({@code code}: {@code ok}, {@code replayed} or a problem code; {@code
   * api}: the provider API's version label, such as {@code v2}).
   */
  public void request(
      String provider, String api, String operation, String code, String caller, long nanos) {
    requests
        .computeIfAbsent(
            List.of(provider, api, operation, code, caller),
            key ->
                Counter.builder("gateway.requests")
                    .description("API requests answered, by outcome code")
                    .tags(
                        "provider",
                        provider,
                        "api",
                        api,
                        "operation",
                        operation,
                        "code",
                        code,
                        "caller",
                        caller)
                    .register(registry))
        .increment();
    requestDurations
        .computeIfAbsent(
            List.of(provider, api, operation),
            key ->
                latency(
                    "gateway.request.duration",
                    "End-to-end latency of API requests",
                    "provider",
                    provider,
                    "api",
                    api,
                    "operation",
                    operation))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void attemptSucceeded(Provider provider, long nanos) {
    attempt(provider, "2xx", nanos);
  }

  @Override
  public void attemptFailed(Provider provider, ProviderFailure failure, long nanos) {
    attempt(provider, result(failure), nanos);
  }

  /** The bounded {@code result} label of a failed attempt. */
  static String result(ProviderFailure failure) {
    return switch (failure.kind()) {
      case CONNECT_FAILED -> "connect_failed";
      case POOL_EXHAUSTED -> "pool_exhausted";
      case TIMEOUT -> "timeout";
      case CONNECTION_LOST -> "connection_lost";
      case UNEXPECTED_RESPONSE -> "unreadable";
      case ERROR_STATUS -> failure.status() == 429 ? "429" : (failure.status() / 100) + "xx";
    };
  }

  private void attempt(Provider provider, String result, long nanos) {
    String name = provider.wireName();
    attempts
        .computeIfAbsent(
            List.of(name, result),
            key ->
                Counter.builder("gateway.upstream.attempts")
                    .description("Upstream attempts, by result")
                    .tags("provider", name, "result", result)
                    .register(registry))
        .increment();
    attemptDurations
        .computeIfAbsent(
            List.of(name, result),
            key ->
                latency(
                    "gateway.upstream.duration",
                    "Latency of upstream attempts",
                    "provider",
                    name,
                    "result",
                    result))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void retry(Provider provider) {
    Counter.builder("gateway.retries")
        .description("Retries of upstream attempts")
        .tag("provider", provider.wireName())
        .register(registry)
        .increment();
  }

  @Override
  public void breakerTransition(Provider provider, CircuitBreakerState to) {
    Counter.builder("gateway.breaker.transitions")
        .description("Circuit breaker transitions, by new state")
        .tags("provider", provider.wireName(), "to", stateName(to))
        .register(registry)
        .increment();
  }

  @Override
  public void idempotency(String result) {
    Counter.builder("gateway.idempotency")
        .description("Idempotency-Key outcomes other than a first run")
        .tag("result", result)
        .register(registry)
        .increment();
  }

  public void rateLimited(String caller) {
    Counter.builder("gateway.rate.limited")
        .description("Requests refused by the caller's rate limit")
        .tag("caller", caller)
        .register(registry)
        .increment();
  }

  /**
   * A rate-limit decision made by this replica's share because the fleet's Redis did not answer.
   */
  public void rateLimitFallback(String caller) {
    Counter.builder("gateway.rate.limit.fallback")
        .description("Rate-limit decisions made by this replica's share while Redis did not answer")
        .tag("caller", caller)
        .register(registry)
        .increment();
  }

  @Override
  public void webhook(String provider, Received outcome) {
    Counter.builder("gateway.webhooks")
        .description("Provider webhooks answered, by outcome")
        .tags("provider", provider, "outcome", outcome.label())
        .register(registry)
        .increment();
  }

  @Override
  public void delivery(String subscriber, String outcome) {
    Counter.builder("gateway.deliveries")
        .description("Event delivery attempts to subscribers, by outcome")
        .tags("subscriber", subscriber, "outcome", outcome)
        .register(registry)
        .increment();
  }

  @Override
  public void deliveryLag(String subscriber, Duration lag) {
    Timer.builder("gateway.delivery.lag")
        .description("Receipt of an event to its subscriber's 2xx")
        .tag("subscriber", subscriber)
        .publishPercentileHistogram()
        .minimumExpectedValue(FASTEST)
        .maximumExpectedValue(Duration.ofHours(24))
        .register(registry)
        .record(lag);
  }

  @Override
  public void givenUp(String subscriber) {
    Counter.builder("gateway.deliveries.given.up")
        .description("Events given up for a subscriber after gateway.delivery.max-age")
        .tag("subscriber", subscriber)
        .register(registry)
        .increment();
  }

  private Timer latency(String name, String description, String... tags) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .publishPercentileHistogram()
        .minimumExpectedValue(FASTEST)
        .maximumExpectedValue(SLOWEST)
        .register(registry);
  }

  static String stateName(CircuitBreakerState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
