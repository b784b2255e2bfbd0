package dev.reactiongateway.api;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.events.EventSignals;
import dev.reactiongateway.events.EventStore;
import dev.reactiongateway.events.EventStore.CursorExpired;
import dev.reactiongateway.events.EventStore.Page;
import dev.reactiongateway.events.EventStore.Stored;
import dev.reactiongateway.events.Position;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /v1/reaction-events}: the recorded events after a cursor, oldest first, built from the
 * JSON written at receipt. A long poll ({@code wait}) parks the request without a thread or a store
 * connection until {@link EventSignals} says something newer is known, or the wait ends.
 */
@Path("/v1/reaction-events")
@Tag(name = "Events")
public class ReactionEventsResource {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final int MAX_WAIT_SECONDS = 30;

  private static final byte[] OPEN = "{\"events\":[".getBytes(StandardCharsets.US_ASCII);

  private final EventStore store;
  private final EventSignals signals;

  ReactionEventsResource(EventStore store, EventSignals signals) {
    this.store = store;
    this.signals = signals;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "readReactionEvents",
      summary = "Read reaction events after a cursor",
      description =
          "The events in the order the gateway recorded them, after the cursor (without one, from"
              + " the oldest kept). next is always present: the last event's cursor, or on an"
              + " empty page the cursor asked for, so polling again with it misses nothing. With"
              + " wait, an empty answer is held until an event arrives or the wait ends. A"
              + " malformed parameter is 400 invalid_request; a cursor older than what is kept is"
              + " 410 cursor_expired.")
  @APIResponse(responseCode = "200", description = "A page of events, and the next cursor.")
  public Uni<Response> read(
      @Parameter(
              description = "The next value of an earlier answer; absent: from the oldest kept.",
              schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9]{1,19}-[0-9]{1,19}$"))
          @QueryParam("after")
          String after,
      @Parameter(
              description = "At most this many events, 1-1000.",
              schema =
                  @Schema(
                      type = SchemaType.INTEGER,
                      minimum = "1",
                      maximum = "1000",
                      defaultValue = "100"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description = "Seconds to hold an empty answer for an event to arrive, 0-30.",
              schema =
                  @Schema(
                      type = SchemaType.INTEGER,
                      minimum = "0",
                      maximum = "30",
                      defaultValue = "0"))
          @QueryParam("wait")
          String wait) {
    if (after != null && !Position.valid(after)) {
      throw invalid(
          "after must be the next value of an earlier answer, such as 1738783873912-0; omit it to"
              + " read from the oldest kept event");
    }
    int count = number(limit, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    int seconds = number(wait, "wait", 0, MAX_WAIT_SECONDS, 0);
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    return page(after, count, deadline)
        .map(ReactionEventsResource::answer)
        .onFailure(CursorExpired.class)
        .transform(
            expired -> GatewayException.rejected(ErrorCode.CURSOR_EXPIRED, expired.getMessage()))
        .onFailure(failure -> !(failure instanceof GatewayException))
        .transform(
            failure ->
                GatewayException.retryable(
                        ErrorCode.EVENT_STORE_UNAVAILABLE,
                        "the event store cannot be read right now; ask again")
                    .withRetryAfter(Duration.ofSeconds(1)));
  }

  /** A page, waiting while it is empty and time is left. */
  private Uni<Page> page(String after, int limit, long deadline) {
    return store
        .read(after, limit)
        .chain(
            page -> {
              long left = deadline - System.nanoTime();
              if (!page.events().isEmpty() || left <= 0) {
                return Uni.createFrom().item(page);
              }
              return signals
                  .newerThan(page.next(), Duration.ofNanos(left))
                  .chain(
                      newer ->
                          newer ? page(page.next(), limit, deadline) : Uni.createFrom().item(page));
            });
  }

  private static Response answer(Page page) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(OPEN);
    boolean first = true;
    for (Stored event : page.events()) {
      if (!first) {
        body.write(',');
      }
      body.writeBytes(event.json());
      first = false;
    }
    body.writeBytes(("],\"next\":\"" + page.next() + "\"}").getBytes(StandardCharsets.US_ASCII));
    return Response.ok(body.toByteArray(), MediaType.APPLICATION_JSON).build();
  }

  private static int number(String text, String name, int min, int max, int absent) {
    if (text == null) {
      return absent;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // answered below, as an out-of-range value is
    }
    throw invalid(name + " must be a whole number from " + min + " to " + max);
  }

  private static GatewayException invalid(String detail) {
    return GatewayException.rejected(ErrorCode.INVALID_REQUEST, detail);
  }
}
