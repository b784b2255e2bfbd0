package dev.reactiongateway.api.callers;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.idempotency.IdempotencyConfig;
import dev.reactiongateway.ops.GatewayMetrics;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Each caller's rate limit: a rolling window per caller, counted in this process (the {@code
 * memory} store) or once for the whole fleet in Redis. When Redis does not answer, each replica
 * goes on with its share of the limit rather than refusing or admitting everyone.
 */
@Startup
@ApplicationScoped
public class RateLimits {

  /**
   * A rolling window keeps one timestamp per request it allows (8 bytes each in memory, one
   * sorted-set entry in Redis): a limit of 10⁸ would ask for 800 MB at startup.
   */
  static final int MOST_REQUESTS_PER_WINDOW = 100_000;

  /** After Redis failed, the replica decides alone this long before asking Redis again. */
  private static final long REDIS_RETRY_NANOS = Duration.ofSeconds(1).toNanos();

  private static final Logger LOG = Logger.getLogger(RateLimits.class);
  private static final Uni<Void> ADMITTED = Uni.createFrom().voidItem();

  private final Map<String, Integer> limits = new HashMap<>();
  private final Map<String, Guard> shares = new HashMap<>();
  private final RedisWindows fleet;
  private final Duration redisTimeout;
  private final int replicas;
  private final GatewayMetrics metrics;
  private final AtomicBoolean degraded = new AtomicBoolean();
  private volatile long redisRetryAt;

  @Inject
  RateLimits(
      CallersConfig callers,
      RateLimitConfig config,
      IdempotencyConfig idempotency,
      Instance<ReactiveRedisDataSource> redis,
      GatewayMetrics metrics) {
    this(callers, config, idempotency.store(), redis, metrics);
  }

  RateLimits(
      CallersConfig callers,
      RateLimitConfig config,
      IdempotencyConfig.Store idempotencyStore,
      Instance<ReactiveRedisDataSource> redis,
      GatewayMetrics metrics) {
    this.metrics = metrics;
    this.redisTimeout = config.redisTimeout();
    this.replicas = config.replicas();
    if (replicas < 1) {
      throw new IllegalStateException(
          "gateway.rate-limit.replicas is " + replicas + ": it must be at least 1");
    }
    RateLimitConfig.Store store =
        config
            .store()
            .orElse(
                idempotencyStore == IdempotencyConfig.Store.REDIS
                    ? RateLimitConfig.Store.REDIS
                    : RateLimitConfig.Store.MEMORY);
    boolean fleetWide = config.enabled() && store == RateLimitConfig.Store.REDIS;
    this.fleet =
        fleetWide ? new RedisWindows(redis.get(), config.redisKeyPrefix(), config.window()) : null;
    if (fleet != null) {
      // Connects now, so the first callers do not wait out the connection within the timeout.
      fleet.connect();
    }
    if (!config.enabled()) {
      return;
    }
    callers
        .callers()
        .forEach(
            (name, caller) ->
                add(
                    config,
                    name,
                    caller.rateLimit().orElse(config.requests()),
                    "gateway.auth.callers." + name + ".rate-limit"));
    add(config, Callers.ANONYMOUS, config.requests(), "gateway.rate-limit.requests");
  }

  /** Takes one request from the caller's limit, or fails with 429 and the wait. */
  public Uni<Void> admit(String caller) {
    Integer limit = limits.get(caller);
    if (limit == null) {
      return ADMITTED;
    }
    if (fleet == null) {
      return answer(caller, locally(caller));
    }
    if (degraded.get() && System.nanoTime() - redisRetryAt < 0) {
      return answer(caller, share(caller));
    }
    Context context = Vertx.currentContext();
    return fleet
        .take(caller, limit)
        .ifNoItem()
        .after(redisTimeout)
        .fail()
        .onItemOrFailure()
        .transformToUni(
            (wait, failure) -> {
              if (failure == null) {
                recovered();
                return answer(caller, wait);
              }
              unreachable(failure);
              Uni<Duration> decided = Uni.createFrom().item(() -> share(caller));
              // A timeout fires on a timer thread; the request goes on on its own event loop.
              return (context == null
                      ? decided
                      : decided.emitOn(run -> context.runOnContext(ignored -> run.run())))
                  .flatMap(shareWait -> answer(caller, shareWait));
            });
  }

  private void add(RateLimitConfig config, String caller, int requests, String key) {
    if (requests < 1 || requests > MOST_REQUESTS_PER_WINDOW) {
      throw new IllegalStateException(
          key
              + " is "
              + requests
              + ": it must be between 1 and "
              + MOST_REQUESTS_PER_WINDOW
              + " requests per window (each allowed request takes 8 bytes of the caller's rolling"
              + " window); set gateway.rate-limit.enabled=false to turn rate limiting off");
    }
    limits.put(caller, requests);
    int local = fleet == null ? requests : Math.max(1, requests / replicas);
    shares.put(
        caller,
        Guard.create()
            .withRateLimit()
            .limit(local)
            .window(config.window().toMillis(), ChronoUnit.MILLIS)
            .type(RateLimitType.ROLLING)
            .done()
            .build());
  }

  /** The fleet's window could not be asked: this replica's share decides. */
  private Duration share(String caller) {
    metrics.rateLimitFallback(caller);
    return locally(caller);
  }

  private Duration locally(String caller) {
    try {
      shares.get(caller).get(() -> Boolean.TRUE, Boolean.class);
      return Duration.ZERO;
    } catch (RateLimitException over) {
      return Duration.ofMillis(over.getRetryAfterMillis());
    }
  }

  private void unreachable(Throwable failure) {
    redisRetryAt = System.nanoTime() + REDIS_RETRY_NANOS;
    if (degraded.compareAndSet(false, true)) {
      LOG.warnf(
          "Redis does not answer for rate limits (%s): until it does, this replica allows each"
              + " caller 1/%d of its limit (gateway.rate-limit.replicas)",
          failure.toString(), replicas);
    }
  }

  private void recovered() {
    if (degraded.compareAndSet(true, false)) {
      LOG.info("Redis answers again: rate limits are counted for the whole fleet");
    }
  }

  private Uni<Void> answer(String caller, Duration wait) {
    if (wait.isZero()) {
      return ADMITTED;
    }
    metrics.rateLimited(caller);
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return Uni.createFrom()
        .failure(
            GatewayException.retryable(
                    ErrorCode.RATE_LIMITED,
                    "caller '"
                        + caller
                        + "' is over its rate limit; retry after the indicated time")
                .withRetryAfter(Duration.ofSeconds(seconds)));
  }
}
