package dev.reactiongateway.events;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;

/**
 * Keeps recorded events in the order they were recorded, once per event id, for the retention
 * window, and hands each one to every subscriber's group (docs/events.md, "Keeping").
 *
 * <p>A position is {@code <milliseconds>-<sequence>}, as Redis Streams name entries; the memory
 * store names its entries the same way, so cursors read alike whichever store is configured.
 */
public interface EventStore {

  /** An event as kept: its position and its canonical JSON, written once at receipt. */
  record Stored(String position, byte[] json) {}

  /** Whether {@link #record} appended the event or found it already recorded. */
  record Recorded(String position, boolean duplicate) {}

  /**
   * Events after a position, oldest first.
   *
   * @param next the position to read after next time: the last event's, or {@code after} itself
   *     when there is none
   */
  record Page(List<Stored> events, String next) {}

  /** The cursor names a position older than what is kept: events after it may be gone. */
  final class CursorExpired extends RuntimeException {
    public CursorExpired(String detail) {
      super(detail, null, false, false);
    }
  }

  /**
   * Appends the event unless one with the same id was recorded within the retention window; the
   * event and its deduplication mark are written in one atomic step.
   */
  Uni<Recorded> record(String eventId, byte[] json);

  /**
   * Up to {@code limit} events after {@code after} (null: from the oldest kept).
   *
   * @throws CursorExpired (as the Uni's failure) when events after {@code after} were dropped
   */
  Uni<Page> read(String after, int limit);

  /** The newest position, or {@code 0-0} when nothing was recorded. */
  Uni<String> last();

  /** Creates the subscriber's group, at the newest position, unless it exists. */
  Uni<Void> join(String subscriber);

  /**
   * Hands up to {@code max} events the subscriber's group has not yet handed anyone to {@code
   * consumer}; they stay pending for it until {@link #done}.
   */
  Uni<List<Stored>> take(String subscriber, String consumer, int max);

  /**
   * Moves to {@code consumer} up to {@code max} of the group's pending events whose holder has not
   * renewed them for {@code lease}: the attempts of a replica that died.
   */
  Uni<List<Stored>> takeOver(String subscriber, String consumer, Duration lease, int max);

  /** Renews the consumer's hold on pending events it still works on, so none is taken over. */
  Uni<Void> renew(String subscriber, String consumer, List<String> positions);

  /** The subscriber is done with the event: delivered, or given up. */
  Uni<Void> done(String subscriber, String position);

  /** Succeeds when the store can be used right now. */
  Uni<Void> ping();

  /** {@code memory} or {@code redis}, for readiness and the docs. */
  String name();
}
