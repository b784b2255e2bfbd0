package dev.reactiongateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the send gate assumes of Vert.x internals ({@link VertxContexts}). A failure here after an
 * upgrade means the gate may no longer hold back an attempt whose caller has gone.
 */
class VertxContextsTest {

  private static final String BROKE = "a Vert.x upgrade broke provider/VertxContexts: ";

  private final Vertx vertx = Vertx.vertx();
  private final Context request =
      VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void anAttemptsContextIsAnInternalContextWithLocalsOfItsOwn() throws Exception {
    request.putLocal("trace", "kept");
    Context attempt = onTheLoop(() -> VertxContexts.nested(vertx, Vertx.currentContext()));
    assertInstanceOf(
        ContextInternal.class,
        attempt,
        BROKE + "a nested duplicated context is no longer a ContextInternal");
    attempt.putLocal("permit", "this attempt's");
    assertNull(
        request.getLocal("permit"),
        BROKE + "a nested context's local leaked into its request's context");
    assertEquals(
        "kept",
        attempt.getLocal("trace"),
        BROKE + "a nested context no longer sees its request's locals (trace context, MDC)");
  }

  @Test
  void onItsOwnLoopAnActionRunsAtOnceInTheAttemptsContext() throws Exception {
    boolean ranAtOnceInTheAttemptsContext =
        onTheLoop(
            () -> {
              Context current = Vertx.currentContext();
              Context attempt = VertxContexts.nested(vertx, current);
              Context[] ranIn = {null};
              VertxContexts.run(attempt, current, () -> ranIn[0] = Vertx.currentContext());
              return ranIn[0] == attempt;
            });
    assertTrue(
        ranAtOnceInTheAttemptsContext,
        BROKE
            + "ContextInternal.dispatch no longer runs the action at once, in the given context,"
            + " on the calling thread");
  }

  @Test
  void offTheLoopAnActionRunsLaterInTheAttemptsContext() throws Exception {
    Context attempt = VertxContexts.nested(vertx, request);
    CompletableFuture<Context> ranIn = new CompletableFuture<>();
    VertxContexts.run(attempt, request, () -> ranIn.complete(Vertx.currentContext()));
    assertSame(
        attempt,
        ranIn.get(5, TimeUnit.SECONDS),
        BROKE + "an action from off the loop no longer runs in the attempt's context");
  }

  /** Runs {@code action} on the request's context; its assertion failures are rethrown here. */
  private <T> T onTheLoop(Callable<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    request.runOnContext(
        ignored -> {
          try {
            result.complete(action.call());
          } catch (Throwable failure) {
            result.completeExceptionally(failure);
          }
        });
    try {
      return result.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof AssertionError broken) {
        throw broken;
      }
      throw failed;
    }
  }
}
