package dev.reactiongateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reactiongateway.core.BeforeFirstSend;
import dev.reactiongateway.core.CallTrail;
import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderFailure;
import dev.reactiongateway.core.ProviderFailure.Kind;
import dev.reactiongateway.core.ProviderReceipt;
import dev.reactiongateway.core.ReactionRouter;
import dev.reactiongateway.core.SendPermit;
import dev.reactiongateway.core.resilience.ProviderGuard;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The breaker counts provider outcomes only: what the gateway itself refused or gave up on before
 * writing a request (bulkhead full, no pooled connection, caller gone, a gateway-side failure)
 * counts as neither a success nor a failure. Drives Linq's real guard with scripted attempts.
 */
@QuarkusTest
@TestProfile(BreakerCountsProviderOutcomesTest.SmallBreaker.class)
@WithTestResource(ProviderDoubles.class)
class BreakerCountsProviderOutcomesTest {

  /** A 10-attempt window, one probe to close, two permits and one queued, no retries. */
  public static class SmallBreaker implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.linq.retry.max-retries", "0",
          "gateway.linq.deadline", "5s",
          "gateway.linq.breaker.request-volume-threshold", "10",
          "gateway.linq.breaker.failure-ratio", "0.5",
          "gateway.linq.breaker.delay", "300ms",
          "gateway.linq.breaker.success-threshold", "1",
          "gateway.linq.bulkhead.max-concurrent", "2",
          "gateway.linq.bulkhead.queue-size", "1");
    }
  }

  private static final Provider LINQ = new Provider("linq");

  @Inject ReactionRouter router;

  private ProviderGuard guard;

  @BeforeEach
  void reset() {
    CircuitBreakerMaintenance.get().resetAll();
    guard = router.guards().stream().filter(g -> g.provider().equals(LINQ)).findFirst().get();
  }

  @Test
  void aHalfOpenBreakerSeeingOnlyLocalOutcomesStaysHalfOpen() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertEquals(ErrorCode.PROVIDER_TIMEOUT, outcome(call(sentThenFails(done()))));
    }
    awaitState(CircuitBreakerState.HALF_OPEN);

    assertEquals(ErrorCode.PROVIDER_BUSY, outcome(call(permit -> failure(Kind.POOL_EXHAUSTED))));
    CompletableFuture<ProviderReceipt> bug =
        call(permit -> Uni.createFrom().failure(new IllegalStateException("gateway bug")));
    assertEquals(null, outcome(bug));
    List<Cancellable> leaving = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      leaving.add(
          guard
              .call(Operation.ADD, new CallTrail(), BeforeFirstSend.NOTHING, neverSent())
              .subscribe()
              .with(r -> {}));
    }
    assertEquals(ErrorCode.PROVIDER_BUSY, outcome(call(neverSent())));
    leaving.forEach(Cancellable::cancel);
    for (int i = 0; i < 100 && guard.running() > 0; i++) {
      Thread.sleep(20);
    }
    assertEquals(CircuitBreakerState.HALF_OPEN, guard.breakerState());

    call(sentThenSucceeds()).get(5, TimeUnit.SECONDS);
    assertEquals(CircuitBreakerState.CLOSED, guard.breakerState());
  }

  @Test
  void aSlowFailingProviderUnderOverloadStillOpensTheBreaker() throws Exception {
    // Each round: two slow attempts hold both permits, a third waits for one, three more are
    // refused; then both slow attempts fail, and the waiting one finds no pooled connection.
    for (int round = 0; round < 6 && guard.breakerState() == CircuitBreakerState.CLOSED; round++) {
      CompletableFuture<Void> slow = new CompletableFuture<>();
      List<CompletableFuture<ProviderReceipt>> running =
          List.of(call(sentThenFails(slow)), call(sentThenFails(slow)));
      CompletableFuture<ProviderReceipt> waiting = call(permit -> failure(Kind.POOL_EXHAUSTED));
      for (int i = 0; i < 3; i++) {
        assertEquals(ErrorCode.PROVIDER_BUSY, outcome(call(sentThenSucceeds())));
      }
      slow.complete(null);
      for (CompletableFuture<ProviderReceipt> failed : running) {
        assertEquals(ErrorCode.PROVIDER_TIMEOUT, outcome(failed));
      }
      assertEquals(ErrorCode.PROVIDER_BUSY, outcome(waiting));
    }

    assertEquals(CircuitBreakerState.OPEN, guard.breakerState());
    assertEquals(ErrorCode.PROVIDER_CIRCUIT_OPEN, outcome(call(sentThenSucceeds())));
  }

  private CompletableFuture<ProviderReceipt> call(
      Function<SendPermit, Uni<ProviderReceipt>> attempt) {
    return guard
        .call(Operation.ADD, new CallTrail(), BeforeFirstSend.NOTHING, attempt)
        .subscribeAsCompletionStage();
  }

  /** Written once the permit allows, then the provider fails to answer in time when told to. */
  private static Function<SendPermit, Uni<ProviderReceipt>> sentThenFails(
      CompletableFuture<Void> when) {
    return permit ->
        permit.take()
            ? Uni.createFrom()
                .completionStage(when)
                .onItem()
                .transformToUni(ignored -> failure(Kind.TIMEOUT))
            : failure(Kind.CONNECTION_LOST);
  }

  private static Function<SendPermit, Uni<ProviderReceipt>> sentThenSucceeds() {
    return permit ->
        permit.take()
            ? Uni.createFrom().item(ProviderReceipt.of(201, null))
            : failure(Kind.CONNECTION_LOST);
  }

  /** Waits for a connection forever and never reaches the permit. */
  private static Function<SendPermit, Uni<ProviderReceipt>> neverSent() {
    return permit -> Uni.createFrom().nothing();
  }

  private static CompletableFuture<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  private static Uni<ProviderReceipt> failure(Kind kind) {
    return Uni.createFrom().failure(ProviderFailure.transport(LINQ, kind, null));
  }

  /** The contract code the call ended with; null for a failure that is not a contract answer. */
  private static ErrorCode outcome(CompletableFuture<ProviderReceipt> call) throws Exception {
    try {
      call.get(5, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ExecutionException failed) {
      return failed.getCause() instanceof GatewayException problem ? problem.code() : null;
    }
  }

  private void awaitState(CircuitBreakerState expected) throws InterruptedException {
    for (int i = 0; i < 100 && guard.breakerState() != expected; i++) {
      Thread.sleep(20);
    }
    assertEquals(expected, guard.breakerState());
  }
}
