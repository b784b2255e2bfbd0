package dev.reactiongateway.events.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.events.EventReports;
import dev.reactiongateway.events.EventStore;
import dev.reactiongateway.events.EventStore.Stored;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Delivers one subscriber's events from this replica: takes new events from the subscriber's group,
 * takes over those a dead replica left, renews its hold on the ones it works on, and marks each
 * done after a 2xx or when given up. All its state lives on its own Vert.x context, so it needs no
 * locks and never blocks.
 */
final class SubscriberWorker {

  private static final Logger LOG = Logger.getLogger(SubscriberWorker.class);

  private final Subscriber subscriber;
  private final DeliveryConfig.Delivery settings;
  private final EventStore store;
  private final EventReports reports;
  private final ObjectMapper json;
  private final Vertx vertx;
  private final Context context;
  private final StoreCalls calls;
  private final SubscriberClient client;
  private final String consumer;
  private final Clock clock;

  private final Map<String, Held> held = new LinkedHashMap<>();
  private final ArrayDeque<Held> due = new ArrayDeque<>();
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final Promise<Void> drained = Promise.promise();
  private int inFlight;
  private boolean joined;
  private boolean taking;
  private boolean takeAgain;
  private boolean full;
  private boolean stopped;
  private long leaseTimer = -1;

  SubscriberWorker(
      Subscriber subscriber,
      DeliveryConfig.Delivery settings,
      EventStore store,
      EventReports reports,
      ObjectMapper json,
      Vertx vertx,
      String consumer,
      Clock clock) {
    this.subscriber = subscriber;
    this.settings = settings;
    this.store = store;
    this.reports = reports;
    this.json = json;
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.calls =
        new StoreCalls(
            store, subscriber.name(), command -> context.runOnContext(ignored -> command.run()));
    this.client =
        new SubscriberClient(vertx, subscriber, settings.timeout(), settings.concurrency());
    this.consumer = consumer;
    this.clock = clock;
  }

  void start() {
    context.runOnContext(
        ignored -> {
          // A live replica renews every quarter lease, so its events are never half a lease
          // unrenewed; a dead replica's are, and are taken over at the next tick: within the lease.
          leaseTimer =
              vertx.setPeriodic(
                  Math.max(1, settings.lease().toMillis() / 4), tick -> keepAndTakeOver());
          take();
        });
  }

  /** An event may have been recorded (EventSignals): take it now. */
  void wake() {
    if (wakeQueued.compareAndSet(false, true)) {
      context.runOnContext(
          ignored -> {
            wakeQueued.set(false);
            take();
          });
    }
  }

  /**
   * Stops taking events and waits for the attempts in flight; events not done stay pending in the
   * store, for another replica to take over after the lease.
   */
  Future<Void> stop() {
    context.runOnContext(
        ignored -> {
          stopped = true;
          vertx.cancelTimer(leaseTimer);
          held.values().forEach(event -> vertx.cancelTimer(event.retryTimer));
          due.clear();
          if (inFlight == 0) {
            drained.tryComplete();
          }
        });
    return drained.future().onComplete(ignored -> client.close());
  }

  private void take() {
    if (stopped) {
      return;
    }
    if (!joined) {
      join();
      return;
    }
    int room = settings.maxPending() - held.size();
    if (room <= 0) {
      full = true;
      return;
    }
    if (taking) {
      takeAgain = true;
      return;
    }
    taking = true;
    int asked = Math.min(room, settings.concurrency());
    calls.run(
        store.take(subscriber.name(), consumer, asked),
        events -> {
          taking = false;
          accept(events);
          if (events.size() == asked || takeAgain) {
            takeAgain = false;
            take();
          }
        },
        () -> {
          taking = false;
          // The group may be gone with the store's data (a Redis restarted empty): join again.
          joined = false;
        });
  }

  private void join() {
    calls.run(
        store.join(subscriber.name()),
        ignored -> {
          joined = true;
          take();
        },
        () -> {});
  }

  /**
   * The lease tick: retries what the store refused, renews, takes over a dead replica's events, and
   * takes new ones in case a wake-up was missed while the store did not answer.
   */
  private void keepAndTakeOver() {
    take();
    if (stopped || !joined) {
      return;
    }
    calls.doneAgain();
    if (!held.isEmpty()) {
      calls.run(
          store.renew(subscriber.name(), consumer, new ArrayList<>(held.keySet())),
          ignored -> {},
          () -> {});
    }
    int room = settings.maxPending() - held.size();
    if (room > 0) {
      calls.run(
          store.takeOver(subscriber.name(), consumer, settings.lease().dividedBy(2), room),
          this::accept,
          () -> {});
    }
  }

  private void accept(List<Stored> events) {
    Instant now = clock.instant();
    for (Stored stored : events) {
      if (held.containsKey(stored.position())) {
        continue;
      }
      EventHead head;
      try {
        head = EventHead.of(json, stored.json());
      } catch (IllegalArgumentException notAnEvent) {
        LOG.errorf(
            "The event at position %s is not a canonical event; it is not delivered to"
                + " subscriber %s",
            stored.position(), subscriber.name());
        head = null;
      }
      if (head == null || !subscriber.selects(head.type(), head.provider())) {
        calls.done(stored.position());
        continue;
      }
      Held event = new Held(stored.position(), stored.json(), head);
      held.put(event.position, event);
      if (now.isAfter(deadline(event))) {
        giveUp(event);
      } else {
        due.add(event);
      }
    }
    pump();
  }

  private void pump() {
    while (!stopped && inFlight < settings.concurrency() && !due.isEmpty()) {
      Held event = due.poll();
      if (held.get(event.position) == event) {
        attempt(event);
      }
    }
  }

  private void attempt(Held event) {
    inFlight++;
    client
        .post(event.head.id(), event.json, clock.instant())
        .onComplete(
            result -> {
              inFlight--;
              answered(event, result.result());
              if (stopped && inFlight == 0) {
                drained.tryComplete();
              }
              pump();
            });
  }

  private void answered(Held event, SubscriberClient.Attempt attempt) {
    reports.delivery(subscriber.name(), attempt.outcome().label());
    Instant now = clock.instant();
    if (attempt.outcome() == SubscriberClient.Outcome.DELIVERED) {
      reports.deliveryLag(subscriber.name(), Duration.between(event.head.receivedAt(), now));
      finish(event);
      return;
    }
    event.failures++;
    Duration wait =
        RetrySchedule.next(
            event.failures,
            attempt.retryAfter(),
            now,
            ThreadLocalRandom.current().nextDouble(0.5, 1.0));
    if (now.plus(wait).isAfter(deadline(event))) {
      giveUp(event);
    } else if (!stopped) {
      event.retryTimer =
          vertx.setTimer(
              Math.max(1, wait.toMillis()),
              fired -> {
                event.retryTimer = -1;
                due.add(event);
                pump();
              });
    }
  }

  private Instant deadline(Held event) {
    return event.head.receivedAt().plus(settings.maxAge());
  }

  private void giveUp(Held event) {
    reports.givenUp(subscriber.name());
    LOG.warnf(
        "Gave up delivering event %s to subscriber %s: gateway.delivery.max-age (%s) has passed"
            + " since its receipt",
        event.head.id(), subscriber.name(), settings.maxAge());
    finish(event);
  }

  private void finish(Held event) {
    held.remove(event.position);
    calls.done(event.position);
    if (full) {
      full = false;
      take();
    }
  }
}
