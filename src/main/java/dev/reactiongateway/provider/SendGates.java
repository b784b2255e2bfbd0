package dev.reactiongateway.provider;

import dev.reactiongateway.core.SendPermit;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import jakarta.inject.Singleton;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The send gate: holds an attempt back at the last moment if its {@link SendPermit} can no longer
 * be taken. The REST client runs its request customizers ({@link #check}) once a connection has
 * been granted and before anything is written, on the Vert.x context the request was issued on; a
 * refused permit resets the unwritten request there, which also hands the connection back.
 *
 * <p>The permit reaches the customizer through a local of that context, and this class alone puts
 * and reads it: the customizer is registered once per client and is handed nothing but the {@link
 * HttpClientRequest}, so the context it runs on is all it shares with the attempt. Each attempt is
 * therefore issued on a context of its own ({@link VertxContexts}). Why the gate exists at all is
 * in docs/resilience-and-configuration.md, "Path of one attempt".
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
              Context current = Vertx.currentContext();
              Context context = VertxContexts.nested(vertx, current);
              context.putLocal(PERMIT, permit);
              VertxContexts.run(
                  context,
                  current,
                  () -> request.get().subscribe().with(emitter::complete, emitter::fail));
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
