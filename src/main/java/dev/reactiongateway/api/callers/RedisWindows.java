package dev.reactiongateway.api.callers;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One rolling window per caller for the whole fleet, in Redis. Each request is one Lua script,
 * atomic on the server: it drops the entries older than the window, and admits the request (adding
 * its entry) only if fewer than the limit remain. Times come from the Redis server's clock, so
 * replicas with skewed clocks still count one window; the key expires by itself one window after
 * its last admitted request.
 */
final class RedisWindows {

  /** Returns 0 when admitted, otherwise the milliseconds until the oldest entry leaves. */
  private static final String TAKE =
      "local t = redis.call('TIME') "
          + "local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) "
          + "local window = tonumber(ARGV[1]) "
          + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window) "
          + "if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then "
          + "redis.call('ZADD', KEYS[1], now, ARGV[3]) "
          + "redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000)) "
          + "return 0 end "
          + "local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES') "
          + "return math.max(1, math.ceil((tonumber(oldest[2]) + window - now) / 1000))";

  private final ReactiveRedisDataSource redis;
  private final String prefix;
  private final String windowMicros;

  /** Entries must be unique across replicas: this replica's id and a counter. */
  private final String replica = UUID.randomUUID().toString();

  private final AtomicLong sequence = new AtomicLong();

  RedisWindows(ReactiveRedisDataSource redis, String prefix, Duration window) {
    this.redis = redis;
    this.prefix = prefix;
    this.windowMicros = Long.toString(window.toNanos() / 1000);
  }

  /** Opens the client's connection in the background; a failure shows on the first request. */
  void connect() {
    redis.execute("PING").subscribe().with(pong -> {}, unreachable -> {});
  }

  /** Takes one request from the caller's window: the wait until one is free, or zero. */
  Uni<Duration> take(String caller, int limit) {
    return redis
        .execute(
            "EVAL",
            TAKE,
            "1",
            prefix + caller,
            windowMicros,
            Integer.toString(limit),
            replica + ":" + sequence.incrementAndGet())
        .map(waitMillis -> Duration.ofMillis(waitMillis.toLong()));
  }
}
