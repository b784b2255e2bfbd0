package dev.reactiongateway.idempotency;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.core.ReactionRouter;
import dev.reactiongateway.core.resilience.ProviderGuard;
import dev.reactiongateway.ops.GatewayMetrics;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code Idempotency-Key} semantics (CONTRACT §3): the first request claims the key and runs; the
 * same key and fingerprint later replays the stored answer; a different fingerprint is refused; a
 * request whose provider certainly did not act releases the key so a retry can go through.
 */
@ApplicationScoped
public class Idempotency {

  /** Whether an answer may reflect an effect upstream, and so must be kept for replays. */
  public record Answered(StoredAnswer answer, boolean keep) {}

  /** The answer to give, and whether it is a replay. */
  public record Result(StoredAnswer answer, boolean replayed) {}

  private static final Logger LOG = Logger.getLogger(Idempotency.class);
  private static final int MAX_KEY_LENGTH = 255;

  private final IdempotencyStore store;
  private final IdempotencyConfig.Store storeKind;
  private final GatewayMetrics metrics;

  Idempotency(
      IdempotencyConfig config,
      ReactionRouter router,
      Instance<ReactiveRedisDataSource> redis,
      com.fasterxml.jackson.databind.ObjectMapper mapper,
      GatewayMetrics metrics) {
    this.storeKind = config.store();
    this.metrics = metrics;
    for (ProviderGuard guard : router.guards()) {
      if (config.lease().compareTo(guard.deadline()) <= 0) {
        throw new IllegalStateException(
            "gateway.idempotency.lease ("
                + config.lease()
                + ") must be longer than gateway."
                + guard.provider().wireName()
                + ".deadline ("
                + guard.deadline()
                + ")");
      }
    }
    this.store =
        switch (config.store()) {
          case MEMORY ->
              new MemoryIdempotencyStore(
                  config.maxKeys(), config.lease(), config.retention(), System::nanoTime);
          case REDIS ->
              new RedisIdempotencyStore(
                  redis.get(), mapper, config.redisKeyPrefix(), config.lease(), config.retention());
        };
  }

  /** {@code memory} or {@code redis}. */
  public String storeName() {
    return storeKind.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Succeeds when the store can be used right now (readiness). */
  public Uni<Void> ping() {
    return store.ping();
  }

  /** Rejects a key that is not 1-255 visible ASCII characters. */
  public static String validKey(String key) {
    boolean valid = !key.isEmpty() && key.length() <= MAX_KEY_LENGTH;
    for (int i = 0; valid && i < key.length(); i++) {
      valid = key.charAt(i) >= 0x21 && key.charAt(i) <= 0x7E;
    }
    if (!valid) {
      throw GatewayException.invalid(
          ErrorCode.INVALID_REQUEST,
          "Idempotency-Key must be 1-255 visible ASCII characters (no spaces or control"
              + " characters)");
    }
    return key;
  }

  /**
   * Runs {@code work} at most once per key and fingerprint. The work runs to completion even if the
   * caller goes away, so its outcome is recorded and a retry replays it.
   */
  public Uni<Result> run(
      String scope, String key, String fingerprint, Supplier<Uni<Answered>> work) {
    return store
        .claim(scope + ":" + key, fingerprint)
        .onFailure()
        .transform(
            cause -> {
              metrics.idempotency("store_unavailable");
              return storeUnavailable(cause);
            })
        .flatMap(
            claim -> {
              if (claim.acquired()) {
                return runOwned(claim, fingerprint, work);
              }
              if (!fingerprint.equals(claim.existingFingerprint())) {
                metrics.idempotency("reused");
                return Uni.createFrom().failure(reused());
              }
              if (claim.inFlight()) {
                metrics.idempotency("in_flight");
                return Uni.createFrom().failure(inFlight());
              }
              metrics.idempotency("replayed");
              return Uni.createFrom().item(new Result(claim.existingAnswer(), true));
            });
  }

  private Uni<Result> runOwned(Claim claim, String fingerprint, Supplier<Uni<Answered>> work) {
    Uni<Result> detached =
        work.get()
            .onFailure()
            .call(failure -> quietly(store.release(claim), "release"))
            .call(
                answered ->
                    quietly(
                        answered.keep()
                            ? store.complete(claim, fingerprint, answered.answer())
                            : store.release(claim),
                        answered.keep() ? "complete" : "release"))
            .map(answered -> new Result(answered.answer(), false))
            .memoize()
            .indefinitely();
    detached.subscribe().with(result -> {}, failure -> {});
    return detached;
  }

  /** A store failure after the provider call must not hide the provider's answer. */
  private static Uni<Void> quietly(Uni<Void> step, String what) {
    return step.onFailure()
        .recoverWithUni(
            failure -> {
              LOG.warnf(
                  "Could not %s an idempotency key (%s); the claim expires with its lease",
                  what, failure.toString());
              return Uni.createFrom().voidItem();
            });
  }

  private static GatewayException storeUnavailable(Throwable cause) {
    LOG.warnf("Idempotency store unavailable: %s", cause.toString());
    return new GatewayException(
        ErrorCode.IDEMPOTENCY_STORE_UNAVAILABLE,
        "the idempotency store cannot be reached, so this request was not processed; retry"
            + " later (a request without Idempotency-Key is processed without the guarantee)",
        true,
        Duration.ofSeconds(1),
        null,
        false);
  }

  private static GatewayException reused() {
    return new GatewayException(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        "this Idempotency-Key was used for a different request; use a new key for a new request");
  }

  private static GatewayException inFlight() {
    return new GatewayException(
        ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT,
        "a request with this Idempotency-Key is still being processed; retry shortly to get its"
            + " outcome",
        true,
        Duration.ofSeconds(1),
        null,
        false);
  }
}
