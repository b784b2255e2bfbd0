package dev.reactiongateway.events;

import dev.reactiongateway.redis.ReplicaAcks;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Events shared by every replica, in one Redis stream: each event an entry holding its JSON, each
 * subscriber a consumer group on the stream. Recording is one Lua script (the deduplication mark
 * and the entry are written together or not at all, then entries older than the retention are
 * trimmed and the newest trimmed position remembered so that an outdated cursor is told so), run
 * through {@link ReplicaAcks} so {@code gateway.redis.min-replica-acks} holds for it. Every key
 * starts with the configured prefix, whose hash tag puts them in one cluster slot.
 */
final class RedisEventStore implements EventStore {

  // KEYS: stream, mark, trimmed. ARGV: json, retention ms. Answers {position, 1 if a duplicate}.
  // The oldest entry is read first (constant time) and the trim looked for only when it is out of
  // the window: searching back from the window's start walks every newer entry.
  private static final String RECORD =
      "local seen = redis.call('GET', KEYS[2]) "
          + "if seen then return {seen, 1} end "
          + "local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[1]) "
          + "redis.call('SET', KEYS[2], id, 'PX', ARGV[2]) "
          + "local t = redis.call('TIME') "
          + "local oldest = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)"
          + "  - tonumber(ARGV[2]) "
          + "local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1) "
          + "local firstMs = tonumber(string.match(first[1][1], '^(%d+)')) "
          + "if oldest > 0 and firstMs < oldest then "
          + "  local minid = string.format('%d', oldest) .. '-0' "
          + "  local gone = redis.call('XREVRANGE', KEYS[1], '(' .. minid, '-', 'COUNT', 1) "
          + "  if #gone > 0 then "
          + "    redis.call('SET', KEYS[3], gone[1][1]) "
          + "    redis.call('XTRIM', KEYS[1], 'MINID', minid) "
          + "  end "
          + "end "
          + "return {id, 0}";

  // KEYS: stream, trimmed. ARGV: the exclusive start ('-' for the oldest), count.
  // Answers {newest trimmed position or false, entries}.
  private static final String READ =
      "return {redis.call('GET', KEYS[2]),"
          + " redis.call('XRANGE', KEYS[1], ARGV[1], '+', 'COUNT', ARGV[2])}";

  // KEYS: stream, trimmed. The newest position ever recorded, without reading an event's body.
  private static final String LAST =
      "local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1) "
          + "if #newest > 0 then return newest[1][1] end "
          + "return redis.call('GET', KEYS[2]) or '0-0'";

  // KEYS: stream. ARGV: group, consumer, positions. Resets the idle time of the entries that are
  // still pending for this consumer only: one another consumer took over stays with it.
  private static final String RENEW =
      "for i = 3, #ARGV do "
          + "  local held = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2]) "
          + "  if #held > 0 then "
          + "    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID') "
          + "  end "
          + "end "
          + "return 1";

  private final ReactiveRedisDataSource redis;
  private final ReplicaAcks acks;
  private final String prefix;
  private final String stream;
  private final String trimmed;
  private final String retentionMillis;

  RedisEventStore(
      ReactiveRedisDataSource redis, ReplicaAcks acks, String prefix, Duration retention) {
    this.redis = redis;
    this.acks = acks;
    this.prefix = prefix;
    this.stream = prefix + "stream";
    this.trimmed = prefix + "trimmed";
    this.retentionMillis = Long.toString(retention.toMillis());
  }

  @Override
  public Uni<Recorded> record(String eventId, byte[] json) {
    String mark = prefix + "seen:" + eventId;
    String body = new String(json, StandardCharsets.UTF_8);
    return acks.durably(
        connection ->
            connection
                .execute("EVAL", RECORD, "3", stream, mark, trimmed, body, retentionMillis)
                .map(
                    answer ->
                        new Recorded(answer.get(0).toString(), answer.get(1).toInteger() == 1)));
  }

  @Override
  public Uni<Page> read(String after, int limit) {
    Position from = after == null ? null : Position.parse(after);
    String start = from == null ? "-" : "(" + from;
    return redis
        .execute("EVAL", READ, "2", stream, trimmed, start, Integer.toString(limit))
        .map(
            answer -> {
              Response gone = answer.get(0);
              Position dropped = gone == null ? Position.ZERO : Position.parse(gone.toString());
              if (from != null && dropped.after(from)) {
                throw new CursorExpired(
                    "events after "
                        + after
                        + " are no longer kept; read again without after to start from the"
                        + " oldest kept event");
              }
              List<Stored> events = entries(answer.get(1));
              String next =
                  events.isEmpty()
                      ? (after == null ? dropped.toString() : after)
                      : events.get(events.size() - 1).position();
              return new Page(events, next);
            });
  }

  @Override
  public Uni<String> last() {
    return redis.execute("EVAL", LAST, "2", stream, trimmed).map(Response::toString);
  }

  @Override
  public Uni<Void> join(String subscriber) {
    return redis
        .execute("XGROUP", "CREATE", stream, subscriber, "$", "MKSTREAM")
        .replaceWithVoid()
        .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("BUSYGROUP"))
        .recoverWithNull();
  }

  @Override
  public Uni<List<Stored>> take(String subscriber, String consumer, int max) {
    return redis
        .execute(
            "XREADGROUP",
            "GROUP",
            subscriber,
            consumer,
            "COUNT",
            Integer.toString(max),
            "STREAMS",
            stream,
            ">")
        .map(answer -> answer == null ? List.of() : entries(streamEntries(answer)));
  }

  @Override
  public Uni<List<Stored>> takeOver(String subscriber, String consumer, Duration lease, int max) {
    return redis
        .execute(
            "XAUTOCLAIM",
            stream,
            subscriber,
            consumer,
            Long.toString(lease.toMillis()),
            "0-0",
            "COUNT",
            Integer.toString(max))
        .map(answer -> entries(answer.get(1)));
  }

  @Override
  public Uni<Void> renew(String subscriber, String consumer, List<String> positions) {
    if (positions.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<String> args = new ArrayList<>(List.of(RENEW, "1", stream, subscriber, consumer));
    positions.forEach(position -> args.add(Position.parse(position).toString()));
    return redis.execute("EVAL", args.toArray(String[]::new)).replaceWithVoid();
  }

  @Override
  public Uni<Void> done(String subscriber, String position) {
    return redis
        .execute("XACK", stream, subscriber, Position.parse(position).toString())
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> ping() {
    return redis.execute("PING").replaceWithVoid();
  }

  @Override
  public String name() {
    return "redis";
  }

  /** The entries of the one stream in an {@code XREADGROUP} answer, RESP2 or RESP3 shaped. */
  private Response streamEntries(Response answer) {
    if (answer.isMap()) {
      return answer.get(stream);
    }
    return answer.get(0).get(1);
  }

  /** Stream entries, {@code [position, [field, value]]} each; a deleted entry has no fields. */
  private static List<Stored> entries(Response entries) {
    if (entries == null) {
      return List.of();
    }
    List<Stored> stored = new ArrayList<>(entries.size());
    for (Response entry : entries) {
      Response fields = entry == null ? null : entry.get(1);
      if (fields != null && fields.size() == 2) {
        stored.add(new Stored(entry.get(0).toString(), fields.get(1).toBytes()));
      }
    }
    return stored;
  }
}
