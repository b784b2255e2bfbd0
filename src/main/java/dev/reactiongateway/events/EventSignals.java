package dev.reactiongateway.events;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Wakes what waits for new events in this process: long polls and delivery loops. A record made in
 * this process wakes them at once ({@link #recorded}); one made by another replica on the shared
 * Redis store is noticed by a watch that asks the store for its newest position every {@code
 * gateway.events.watch-interval}, one call per replica, and only while something waits, so idle
 * replicas cost Redis nothing and a waiter holds no connection.
 *
 * <p>Once the gateway begins to shut down, waits end at once (a long poll answers its empty page)
 * so that no request holds the shutdown for the rest of its wait.
 *
 * <p>Wake-ups carry no events: a woken listener reads the store itself. Listeners are called on the
 * thread that noticed the event (an event loop) and must not block.
 */
@ApplicationScoped
public class EventSignals {

  /** A registration made by {@link #listen}; {@link #stop()} ends it. */
  public interface Listening {
    void stop();
  }

  private static final Logger LOG = Logger.getLogger(EventSignals.class);

  private final EventStore store;
  private final Vertx vertx;
  private final long watchMillis;
  private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Position> latest = new AtomicReference<>(Position.ZERO);
  private final Set<UniEmitter<? super Boolean>> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;
  private long watch = -1;
  private boolean asking;

  EventSignals(EventStore store, Vertx vertx, EventsConfig config) {
    this.store = store;
    this.vertx = vertx;
    this.watchMillis = Math.max(1, config.watchInterval().toMillis());
  }

  /**
   * Calls {@code wake} each time a newer event is noticed, until stopped. The call says only that
   * something new may be there; several records may wake it once.
   */
  public Listening listen(Runnable wake) {
    listeners.add(wake);
    watchWhileWaited();
    return () -> listeners.remove(wake);
  }

  /**
   * Completes with true as soon as an event after {@code position} is known, at once if one already
   * is, or with false when {@code wait} ends first. Holds no thread while waiting.
   */
  public Uni<Boolean> newerThan(String position, Duration wait) {
    Position after = Position.parse(position);
    return Uni.createFrom()
        .emitter(
            emitter -> {
              if (latest.get().after(after) || closing) {
                emitter.complete(!closing);
                return;
              }
              Runnable wake =
                  () -> {
                    if (latest.get().after(after)) {
                      emitter.complete(true);
                    }
                  };
              long timer =
                  vertx.setTimer(Math.max(1, wait.toMillis()), id -> emitter.complete(false));
              emitter.onTermination(
                  () -> {
                    listeners.remove(wake);
                    waiting.remove(emitter);
                    vertx.cancelTimer(timer);
                  });
              waiting.add(emitter);
              listeners.add(wake);
              watchWhileWaited();
              // A record or the shutdown between the first check and the registration woke nobody.
              if (closing) {
                emitter.complete(false);
              }
              wake.run();
            });
  }

  /** Ends every wait, now and from now on: the gateway is shutting down. */
  void closing(@Observes ShutdownDelayInitiatedEvent shutdown) {
    closing = true;
    waiting.forEach(emitter -> emitter.complete(false));
  }

  /** Says an event was recorded at {@code position} in this process. */
  public void recorded(String position) {
    noticed(Position.parse(position));
  }

  private void noticed(Position position) {
    Position before = latest.getAndAccumulate(position, (a, b) -> b.after(a) ? b : a);
    if (position.after(before)) {
      for (Runnable listener : listeners) {
        listener.run();
      }
    }
  }

  /** Starts the watch of a shared store, if it is not running and something waits. */
  private synchronized void watchWhileWaited() {
    if (watch >= 0 || listeners.isEmpty() || "memory".equals(store.name())) {
      return;
    }
    watch = vertx.setPeriodic(watchMillis, this::look);
  }

  private void look(long timer) {
    synchronized (this) {
      if (listeners.isEmpty()) {
        vertx.cancelTimer(timer);
        watch = -1;
        return;
      }
      if (asking) {
        return;
      }
      asking = true;
    }
    store
        .last()
        .subscribe()
        .with(
            newest -> {
              answered();
              noticed(Position.parse(newest));
            },
            failure -> {
              answered();
              LOG.debugf("The event store's newest position is unknown for now: %s", failure);
            });
  }

  private synchronized void answered() {
    asking = false;
  }
}
