package dev.reactiongateway.provider;

import dev.reactiongateway.core.SendPermit;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.impl.ContextInternal;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Holds an attempt back at the last moment if its caller has gone. Each attempt's request is issued
 * on a Vert.x context of its own that carries its {@link SendPermit}; the REST client runs its
 * request customizers ({@link #check}) on that context once a connection has been granted and
 * before anything is written. A refused permit resets the unwritten request there, which also hands
 * the connection back. (Cancelling the REST client's own subscription instead would skip the write
 * but keep the pooled connection leased, quarkusio/quarkus#49938; and SmallRye Fault Tolerance does
 * not pass a caller's cancellation on anyway.)
 */
@Singleton
public class SendGates {

  /** The DEBUG message of a request let through the gate. */
  public static final String GATE_PASSED = "gate passed: writing the upstream request";

  private static final String PERMIT = SendGates.class.getName() + ".permit";
  private static final Logger LOG = Logger.getLogger(SendGates.class);

  private final Vertx vertx;

  SendGates(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Issues {@code request} so that it is written only if {@code permit} still allows it. */
  <T> Uni<T> gated(SendPermit permit, Supplier<Uni<T>> request) {
    return Uni.createFrom()
        .emitter(
            emitter -> {
              // Nested in the request's own context when there is one, so its locals (trace
              // context, MDC) carry over; the permit is this attempt's alone.
              Context current = Vertx.currentContext();
              ContextInternal context =
                  (ContextInternal)
                      (VertxContext.isDuplicatedContext(current)
                          ? VertxContext.newNestedContext(current)
                          : VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext()));
              context.putLocal(PERMIT, permit);
              Runnable issue =
                  () -> request.get().subscribe().with(emitter::complete, emitter::fail);
              // On the request's own event loop it is issued at once, in the nested context;
              // from anywhere else it goes to that context's loop.
              if (current != null && ((ContextInternal) current).inThread()) {
                context.dispatch(issue);
              } else {
                context.runOnContext(ignored -> issue.run());
              }
            });
  }

  /**
   * The REST clients' request customizer. At DEBUG it logs each request it lets through, so a load
   * test can order that moment against the moment the gateway learnt its caller had gone.
   */
  static void check(HttpClientRequest request) {
    Context context = Vertx.currentContext();
    SendPermit permit = context == null ? null : context.getLocal(PERMIT);
    if (permit == null) {
      return;
    }
    if (!permit.take()) {
      request.reset(0, new NotSent());
    } else if (LOG.isDebugEnabled()) {
      LOG.debug(GATE_PASSED);
    }
  }

  /** The failure of an attempt that was held back at the gate. */
  static final class NotSent extends RuntimeException {
    NotSent() {
      super("not sent: the caller is gone or the deadline passed", null, false, false);
    }
  }
}
