package dev.reactiongateway.core.resilience;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deadline-aware admission to one provider: a fixed number of permits (concurrent upstream
 * attempts, never more than the HTTP client's pool) and a first-in-first-out line of attempts
 * waiting for one, each with its own request's deadline. An attempt that has to wait is let into
 * the line only if, by the estimate, it can still start and finish before its deadline; otherwise
 * it is refused at once. A waiting attempt whose turn comes too late to finish is refused then,
 * never sent.
 *
 * <p>The estimate is conservative: the attempt at position {@code k} in line waits {@code ceil(k /
 * permits)} rounds of the provider's recent attempt duration (an exponentially weighted average of
 * written attempts, from permit to answer), then runs for one more. When its turn comes, it is sent
 * only if it can finish by the longer of that average and the latest attempt: a provider that slows
 * down is seen at its first slow answer. Until the provider has answered once, the duration is the
 * age of the oldest attempt holding a permit.
 *
 * <p>Why not SmallRye Fault Tolerance's bulkhead: docs/resilience-and-configuration.md, "Path of
 * one attempt".
 */
final class Admission {

  private final int permits;
  private final int maxWaiting;
  private final double smoothing;
  private final long freshDeadlineNanos;
  private final Ticket waiting = new Ticket(0);
  private final Ticket holding = new Ticket(0);
  private final AtomicInteger drains = new AtomicInteger();
  private volatile int waitingCount;
  private volatile int holdingCount;
  private long averageNanos = -1;
  private long latestNanos;

  /**
   * @param permits concurrent attempts
   * @param maxWaiting the most attempts waiting at once, whatever their deadlines (a memory bound)
   * @param smoothing weight of the newest attempt in the duration estimate (0–1)
   * @param freshDeadline the deadline a new request has, for the wait a refused caller is told
   */
  Admission(int permits, int maxWaiting, double smoothing, Duration freshDeadline) {
    this.permits = permits;
    this.maxWaiting = maxWaiting;
    this.smoothing = smoothing;
    this.freshDeadlineNanos = freshDeadline.toNanos();
    waiting.prev = waiting.next = waiting;
    holding.prev = holding.next = holding;
  }

  int holding() {
    return holdingCount;
  }

  int waiting() {
    return waitingCount;
  }

  /** A place for one attempt that must start and finish before {@code deadlineNanos}. */
  Ticket ticket(long deadlineNanos) {
    return new Ticket(deadlineNanos);
  }

  /**
   * How long a caller refused now should wait before trying again: until enough of the line ahead
   * has gone for a fresh request to be let in, at most one deadline (by then everyone now waiting
   * has gone).
   */
  synchronized Duration retryAfter() {
    long now = System.nanoTime();
    long duration = estimate(now);
    if (duration <= 0) {
      return Duration.ZERO;
    }
    long admissible = Math.min(maxWaiting, permits * (freshDeadlineNanos / duration - 1));
    long excess = Math.max(1, waitingCount + 1 - Math.max(admissible, 0));
    long nanos = ceilDiv(excess, permits) * duration;
    return Duration.ofNanos(Math.min(nanos, freshDeadlineNanos));
  }

  private long estimate(long now) {
    if (averageNanos >= 0) {
      return averageNanos;
    }
    return holding.next == holding ? 0 : now - holding.next.grantedNanos;
  }

  /** Whether an attempt that joins the line at position {@code k} can finish by its deadline. */
  private boolean canWait(Ticket ticket, long now) {
    long k = waitingCount + 1L;
    long rounds = ceilDiv(k, permits) + 1;
    long duration = estimate(now);
    return waitingCount < maxWaiting
        && (duration == 0 || rounds <= (ticket.deadlineNanos - now) / duration);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private void enter(Ticket ticket, UniEmitter<? super Ticket> emitter) {
    boolean granted = false;
    boolean refused = false;
    synchronized (this) {
      long now = System.nanoTime();
      ticket.emitter = emitter;
      if (holdingCount < permits && waitingCount == 0) {
        grant(ticket, now);
        granted = true;
      } else if (canWait(ticket, now)) {
        append(waiting, ticket);
        ticket.queued = true;
        waitingCount++;
      } else {
        refused = true;
      }
    }
    if (granted) {
      emitter.complete(ticket);
    } else if (refused) {
      emitter.fail(new Refused(retryAfter()));
    } else {
      drain();
    }
  }

  private void grant(Ticket ticket, long now) {
    ticket.grantedNanos = now;
    ticket.held = true;
    append(holding, ticket);
    holdingCount++;
  }

  private void release(Ticket ticket, boolean sample) {
    synchronized (this) {
      if (!ticket.held) {
        return;
      }
      ticket.held = false;
      unlink(ticket);
      holdingCount--;
      if (sample) {
        latestNanos = System.nanoTime() - ticket.grantedNanos;
        averageNanos =
            averageNanos < 0
                ? latestNanos
                : Math.round(smoothing * latestNanos + (1 - smoothing) * averageNanos);
      }
    }
    drain();
  }

  /**
   * Hands free permits to the line, oldest first, refusing a waiter whose turn came too late to
   * finish. One thread drains at a time, in a loop, so a granted attempt that ends at once (and
   * releases its permit) does not recurse into here.
   */
  private void drain() {
    if (drains.getAndIncrement() != 0) {
      return;
    }
    do {
      Ticket next;
      while ((next = nextWaiter()) != null) {
        next.resume(next.held ? null : new Refused(retryAfter()));
      }
    } while (drains.decrementAndGet() != 0);
  }

  /** Takes the oldest waiter off the line if a permit is free: granted, or refused if too late. */
  private synchronized Ticket nextWaiter() {
    if (holdingCount >= permits || waiting.next == waiting) {
      return null;
    }
    Ticket next = waiting.next;
    unlink(next);
    next.queued = false;
    waitingCount--;
    long now = System.nanoTime();
    if (now + Math.max(estimate(now), latestNanos) <= next.deadlineNanos) {
      grant(next, now);
    }
    return next;
  }

  private synchronized UniEmitter<? super Ticket> leave(Ticket ticket) {
    if (!ticket.queued) {
      return null;
    }
    ticket.queued = false;
    unlink(ticket);
    waitingCount--;
    return ticket.emitter;
  }

  private static void append(Ticket list, Ticket ticket) {
    ticket.prev = list.prev;
    ticket.next = list;
    list.prev.next = ticket;
    list.prev = ticket;
  }

  private static void unlink(Ticket ticket) {
    ticket.prev.next = ticket.next;
    ticket.next.prev = ticket.prev;
    ticket.prev = ticket.next = null;
  }

  /**
   * One attempt's place: in line, then holding a permit. Its links are guarded by the admission.
   */
  final class Ticket {
    private final long deadlineNanos;
    private Ticket prev;
    private Ticket next;
    private long grantedNanos;
    private boolean queued;
    private boolean held;
    private UniEmitter<? super Ticket> emitter;
    private Context context;

    private Ticket(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    /**
     * Ends the wait (with the permit, or with {@code refused}) on the waiter's own Vert.x context:
     * the permit is handed over on the thread of the attempt that released it, whose context (its
     * request's MDC and trace) must not become this attempt's.
     */
    private void resume(Refused refused) {
      Runnable end = refused == null ? () -> emitter.complete(this) : () -> emitter.fail(refused);
      if (context == null) {
        end.run();
      } else {
        context.runOnContext(ignored -> end.run());
      }
    }

    /** This ticket once it holds a permit; fails with {@link Refused} if it cannot be served. */
    Uni<Ticket> permit() {
      return Uni.createFrom()
          .emitter(
              emitter -> {
                context = Vertx.currentContext();
                emitter.onTermination(() -> Admission.this.leave(this));
                enter(this, emitter);
              });
    }

    /** Gives the permit back; {@code sample}: the attempt's duration is the provider's latency. */
    void release(boolean sample) {
      Admission.this.release(this, sample);
    }

    /** Leaves the line, ending the wait with {@code failure}; false if it was not waiting. */
    boolean leave(Throwable failure) {
      UniEmitter<? super Ticket> waiter = Admission.this.leave(this);
      if (waiter == null) {
        return false;
      }
      waiter.fail(failure);
      return true;
    }
  }

  /** Refused without sending: the attempt could not have finished before its deadline. */
  static final class Refused extends RuntimeException {
    final Duration retryAfter;

    Refused(Duration retryAfter) {
      super("no permit in time", null, false, false);
      this.retryAfter = retryAfter;
    }
  }
}
