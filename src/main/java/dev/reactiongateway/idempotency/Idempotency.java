package dev.reactiongateway.idempotency;

import dev.reactiongateway.core.BeforeFirstSend;
import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.redis.ReplicaAcks;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code Idempotency-Key} semantics (docs/idempotency.md): the first request claims the key and
 * runs; the same key and fingerprint later replays the stored answer; a different fingerprint is
 * refused; a request whose answer a retry could change releases the key so the retry can go
 * through. Before the first upstream write the claim records that an attempt may have been written,
 * so a claim whose owner vanished afterwards resolves to "outcome unknown", never to a second send.
 */
@ApplicationScoped
public class Idempotency {

  /**
   * A request's final answer, and whether it is kept for replays: only when the provider may have
   * acted and repeating the request could not help (never a {@code retryable: true} answer).
   */
  public record Answered(StoredAnswer answer, boolean keep) {}

  /**
   * One keyed request.
   *
   * @param caller the authenticated caller, whose keys are its own
   * @param key the {@code Idempotency-Key}
   * @param fingerprint what makes two requests the same request
   * @param ifLapsed the answer kept should this request's owner vanish after an attempt may have
   *     been written; null when sending again is harmless, and such a claim simply lapses free
   */
  public record Keyed(
      String caller, String key, String fingerprint, Supplier<StoredAnswer> ifLapsed) {}

  /** The answer to give, and whether it is a replay. */
  public record Result(StoredAnswer answer, boolean replayed) {}

  private static final Logger LOG = Logger.getLogger(Idempotency.class);
  private static final Duration FIRST_STORE_RETRY = Duration.ofMillis(50);
  private static final Duration LONGEST_STORE_RETRY = Duration.ofSeconds(1);

  private final IdempotencyStore store;
  private final IdempotencyConfig.Store storeKind;
  private final IdempotencyEvents events;
  private final Duration lease;

  Idempotency(
      IdempotencyConfig config,
      Instance<ReactiveRedisDataSource> redis,
      Instance<ReplicaAcks> acks,
      com.fasterxml.jackson.databind.ObjectMapper mapper,
      IdempotencyEvents events) {
    this.storeKind = config.store();
    this.events = events;
    this.lease = config.lease();
    this.store =
        switch (config.store()) {
          case MEMORY ->
              new MemoryIdempotencyStore(
                  config.maxKeys(), config.lease(), config.retention(), System::nanoTime);
          case REDIS ->
              new RedisIdempotencyStore(
                  redis.get(),
                  acks.get(),
                  mapper,
                  config.redisKeyPrefix(),
                  config.lease(),
                  config.retention());
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

  /**
   * The store key of a caller's key. Callers' names are escaped so that none contains the
   * separator: caller {@code a:b} with key {@code k} and caller {@code a} with key {@code b:k} stay
   * apart, and a name without {@code %} or {@code :} keeps the scope it always had.
   */
  static String scoped(String caller, String key) {
    return caller.replace("%", "%25").replace(":", "%3A") + ":" + key;
  }

  /**
   * Runs {@code work} at most once per key and fingerprint. The work runs to completion even if the
   * caller goes away, so its outcome is recorded and a retry replays it. It is handed the step to
   * run before its first upstream write: the claim's mark that an attempt may have been written.
   */
  public Uni<Result> run(Keyed request, Function<BeforeFirstSend, Uni<Answered>> work) {
    long leaseEnds = System.currentTimeMillis() + lease.toMillis();
    return store
        .claim(scoped(request.caller(), request.key()), request.fingerprint())
        .onFailure()
        .transform(this::storeUnavailable)
        .flatMap(
            claim -> {
              if (claim.acquired()) {
                return runOwned(claim, request, leaseEnds, work);
              }
              if (!request.fingerprint().equals(claim.existingFingerprint())) {
                events.idempotency("reused");
                return Uni.createFrom().failure(reused());
              }
              if (claim.inFlight()) {
                events.idempotency("in_flight");
                return Uni.createFrom().failure(inFlight());
              }
              events.idempotency("replayed");
              return Uni.createFrom().item(new Result(claim.existingAnswer(), true));
            });
  }

  private Uni<Result> runOwned(
      Claim claim, Keyed request, long leaseEnds, Function<BeforeFirstSend, Uni<Answered>> work) {
    BeforeFirstSend markWritten =
        request.ifLapsed() == null
            ? BeforeFirstSend.NOTHING
            : () ->
                store
                    .markWritten(claim, request.ifLapsed().get())
                    .onFailure()
                    .transform(this::storeUnavailable);
    Uni<Result> detached =
        work.apply(markWritten)
            .onFailure()
            .call(failure -> persistently(store.release(claim), "release", leaseEnds))
            .call(
                answered ->
                    answered.keep()
                        ? persistently(
                            store.complete(claim, request.fingerprint(), answered.answer()),
                            "complete",
                            leaseEnds)
                        : persistently(store.release(claim), "release", leaseEnds))
            .map(answered -> new Result(answered.answer(), false))
            .memoize()
            .indefinitely();
    detached.subscribe().with(result -> {}, failure -> {});
    return detached;
  }

  /**
   * A store step after the provider call. The caller gets the provider's answer once the first try
   * is over; a failed step is retried in the background while the claim's lease lasts, and if it
   * still fails the claim lapses by the rule above (outcome unknown when an attempt may have been
   * written).
   */
  private static Uni<Void> persistently(Uni<Void> step, String what, long leaseEnds) {
    return step.onFailure()
        .recoverWithUni(
            first -> {
              step.onFailure()
                  .retry()
                  .withBackOff(FIRST_STORE_RETRY, LONGEST_STORE_RETRY)
                  .expireAt(leaseEnds)
                  .subscribe()
                  .with(
                      done -> {},
                      failure ->
                          LOG.warnf(
                              "Could not %s an idempotency key before its lease ended (%s); the"
                                  + " claim lapses with its lease",
                              what, failure.toString()));
              return Uni.createFrom().voidItem();
            });
  }

  private GatewayException storeUnavailable(Throwable cause) {
    boolean full = cause instanceof StoreFull;
    boolean unconfirmed = cause instanceof ReplicaAcks.NotReplicated;
    events.idempotency(
        full ? "store_full" : unconfirmed ? "store_not_replicated" : "store_unavailable");
    LOG.warnf("Idempotency store unavailable: %s", cause.toString());
    return GatewayException.retryable(
            ErrorCode.IDEMPOTENCY_STORE_UNAVAILABLE,
            (full
                    ? "the idempotency store is full of requests in flight"
                    : unconfirmed
                        ? "the idempotency store's replicas did not confirm the claim in time"
                        : "the idempotency store cannot be reached")
                + ", so this request was not processed and nothing was sent; retry later (a"
                + " request without Idempotency-Key is processed without the guarantee)")
        .withRetryAfter(Duration.ofSeconds(1));
  }

  private static GatewayException reused() {
    return GatewayException.rejected(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        "this Idempotency-Key was used for a different request; use a new key for a new request");
  }

  private static GatewayException inFlight() {
    return GatewayException.retryable(
            ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT,
            "a request with this Idempotency-Key is still being processed; retry shortly to get its"
                + " outcome")
        .withRetryAfter(Duration.ofSeconds(1));
  }
}
