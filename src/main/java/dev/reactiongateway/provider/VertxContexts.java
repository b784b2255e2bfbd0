package dev.reactiongateway.provider;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * The send gate's use of Vert.x internals ({@link ContextInternal}), kept here alone so that a
 * Vert.x upgrade that changes them breaks one small class, and {@code VertxContextsTest} says what
 * broke: a nested duplicated context is a {@link ContextInternal}, and {@link
 * ContextInternal#dispatch} runs an action at once, in that context, on the calling thread.
 */
final class VertxContexts {

  private VertxContexts() {}

  /**
   * A context of one attempt's own, nested in {@code current} when that is a request's duplicated
   * context (so its locals, trace context and MDC, carry over), otherwise a new duplicated one.
   */
  static Context nested(Vertx vertx, Context current) {
    return VertxContext.isDuplicatedContext(current)
        ? VertxContext.newNestedContext(current)
        : VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
  }

  /**
   * Runs {@code action} in {@code context}: at once when the caller is on {@code current}'s own
   * thread (the request's event loop, which {@code context} shares), otherwise on a later turn of
   * {@code context}'s loop.
   */
  static void run(Context context, Context current, Runnable action) {
    if (current != null && ((ContextInternal) current).inThread()) {
      ((ContextInternal) context).dispatch(action);
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }
}
