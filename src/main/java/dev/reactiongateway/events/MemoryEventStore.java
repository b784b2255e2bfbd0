package dev.reactiongateway.events;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The events of one process, with the Redis store's semantics: one entry per event id, oldest
 * dropped first once older than the retention or beyond {@code max-events}, and per subscriber a
 * group that hands each event to one consumer and keeps it pending until done. An event's
 * deduplication mark goes with the event, so the bound covers marks too. Everything sits under one
 * lock: each step is a few map operations.
 */
final class MemoryEventStore implements EventStore {

  private record Entry(Position position, String eventId, byte[] json, long recordedAt) {
    Stored stored() {
      return new Stored(position.toString(), json);
    }
  }

  /** A pending event: who holds it, and when it last showed it still works on it. */
  private static final class Held {
    String consumer;
    long renewedAt;

    Held(String consumer, long renewedAt) {
      this.consumer = consumer;
      this.renewedAt = renewedAt;
    }
  }

  /** A subscriber's group: the last position handed out, and what is pending, oldest first. */
  private static final class Group {
    Position handedOut;
    final Map<Position, Held> pending = new LinkedHashMap<>();

    Group(Position handedOut) {
      this.handedOut = handedOut;
    }
  }

  private final TreeMap<Position, Entry> events = new TreeMap<>();
  private final Map<String, Position> marks = new HashMap<>();
  private final Map<String, Group> groups = new HashMap<>();
  private final int maxEvents;
  private final long retentionMillis;
  private final InstantSource clock;
  private Position newest = Position.ZERO;
  private Position dropped = Position.ZERO;

  MemoryEventStore(int maxEvents, Duration retention, InstantSource clock) {
    if (maxEvents < 1) {
      throw new IllegalArgumentException("gateway.events.max-events must be at least 1");
    }
    this.maxEvents = maxEvents;
    this.retentionMillis = retention.toMillis();
    this.clock = clock;
  }

  @Override
  public Uni<Recorded> record(String eventId, byte[] json) {
    return now(
        () -> {
          long now = tidy();
          Position seen = marks.get(eventId);
          if (seen != null) {
            return new Recorded(seen.toString(), true);
          }
          if (events.size() >= maxEvents) {
            drop(events.firstEntry().getValue());
          }
          newest = newest.next(now);
          events.put(newest, new Entry(newest, eventId, json, now));
          marks.put(eventId, newest);
          return new Recorded(newest.toString(), false);
        });
  }

  @Override
  public Uni<Page> read(String after, int limit) {
    return now(
        () -> {
          tidy();
          Position from = after == null ? null : Position.parse(after);
          if (from != null && dropped.after(from)) {
            throw expired(after);
          }
          Map<Position, Entry> tail = from == null ? events : events.tailMap(from, false);
          List<Stored> page = new ArrayList<>(Math.min(limit, tail.size()));
          for (Entry entry : tail.values()) {
            if (page.size() == limit) {
              break;
            }
            page.add(entry.stored());
          }
          String next =
              page.isEmpty()
                  ? (after == null ? dropped.toString() : after)
                  : page.get(page.size() - 1).position();
          return new Page(page, next);
        });
  }

  @Override
  public Uni<String> last() {
    return now(() -> newest.toString());
  }

  @Override
  public Uni<Void> join(String subscriber) {
    return now(
        () -> {
          groups.computeIfAbsent(subscriber, name -> new Group(newest));
          return null;
        });
  }

  @Override
  public Uni<List<Stored>> take(String subscriber, String consumer, int max) {
    return now(
        () -> {
          long now = tidy();
          Group group = group(subscriber);
          List<Stored> taken = new ArrayList<>();
          for (Entry entry : events.tailMap(group.handedOut, false).values()) {
            if (taken.size() == max) {
              break;
            }
            group.pending.put(entry.position(), new Held(consumer, now));
            group.handedOut = entry.position();
            taken.add(entry.stored());
          }
          return taken;
        });
  }

  @Override
  public Uni<List<Stored>> takeOver(String subscriber, String consumer, Duration lease, int max) {
    return now(
        () -> {
          long now = tidy();
          Group group = group(subscriber);
          List<Stored> taken = new ArrayList<>();
          for (Map.Entry<Position, Held> pending : group.pending.entrySet()) {
            if (taken.size() == max) {
              break;
            }
            Held held = pending.getValue();
            if (now - held.renewedAt >= lease.toMillis()) {
              held.consumer = consumer;
              held.renewedAt = now;
              taken.add(events.get(pending.getKey()).stored());
            }
          }
          return taken;
        });
  }

  @Override
  public Uni<Void> renew(String subscriber, String consumer, List<String> positions) {
    return now(
        () -> {
          long now = tidy();
          Group group = group(subscriber);
          for (String position : positions) {
            Held held = group.pending.get(Position.parse(position));
            if (held != null && held.consumer.equals(consumer)) {
              held.renewedAt = now;
            }
          }
          return null;
        });
  }

  @Override
  public Uni<Void> done(String subscriber, String position) {
    return now(
        () -> {
          group(subscriber).pending.remove(Position.parse(position));
          return null;
        });
  }

  @Override
  public Uni<Void> ping() {
    return Uni.createFrom().voidItem();
  }

  @Override
  public String name() {
    return "memory";
  }

  private <T> Uni<T> now(Supplier<T> step) {
    return Uni.createFrom()
        .item(
            () -> {
              synchronized (this) {
                return step.get();
              }
            });
  }

  /** Drops what outlived the retention; answers the clock's reading. */
  private long tidy() {
    long now = clock.millis();
    while (!events.isEmpty()
        && now - events.firstEntry().getValue().recordedAt() >= retentionMillis) {
      drop(events.firstEntry().getValue());
    }
    return now;
  }

  /** Drops the oldest event, its mark, and its pending entries: what Redis trimming does. */
  private void drop(Entry oldest) {
    events.remove(oldest.position());
    marks.remove(oldest.eventId());
    for (Group group : groups.values()) {
      group.pending.remove(oldest.position());
    }
    dropped = oldest.position();
  }

  private Group group(String subscriber) {
    Group group = groups.get(subscriber);
    if (group == null) {
      throw new IllegalStateException("the subscriber " + subscriber + " has not joined");
    }
    return group;
  }

  private static CursorExpired expired(String after) {
    return new CursorExpired(
        "events after "
            + after
            + " are no longer kept; read again without after to start from the oldest kept event");
  }
}
