package dev.reactiongateway.events.delivery;

import dev.reactiongateway.events.EventStore;
import io.smallrye.mutiny.Uni;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One subscriber worker's calls to the event store, each continued on the worker's own context. A
 * store that fails is logged once, and once more when it answers again, not on every call; what
 * failed is retried by the worker's next lease tick, done marks the store refused included.
 */
final class StoreCalls {

  private static final Logger LOG = Logger.getLogger(SubscriberWorker.class);

  private final EventStore store;
  private final String subscriber;
  private final Executor onContext;
  private final Set<String> undone = new HashSet<>();
  private boolean failing;

  StoreCalls(EventStore store, String subscriber, Executor onContext) {
    this.store = store;
    this.subscriber = subscriber;
    this.onContext = onContext;
  }

  /** Marks the event at {@code position} done; if the store refuses, {@link #doneAgain} retries. */
  void done(String position) {
    undone.remove(position);
    run(store.done(subscriber, position), ignored -> {}, () -> undone.add(position));
  }

  /** Marks again every event the store refused to mark done. */
  void doneAgain() {
    List.copyOf(undone).forEach(this::done);
  }

  /** Runs {@code operation}; then {@code then} with its item, or {@code failed}, on the context. */
  <T> void run(Uni<T> operation, Consumer<T> then, Runnable failed) {
    operation
        .emitOn(onContext)
        .subscribe()
        .with(
            item -> {
              if (failing) {
                failing = false;
                LOG.infof("Event store reachable again for subscriber %s", subscriber);
              }
              then.accept(item);
            },
            failure -> {
              if (!failing) {
                failing = true;
                LOG.warnf(
                    "Event store call failed for subscriber %s (%s); retrying on the next tick",
                    subscriber, failure.toString());
              }
              failed.run();
            });
  }
}
