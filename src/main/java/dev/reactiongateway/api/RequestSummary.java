package dev.reactiongateway.api;

import dev.reactiongateway.core.CallTrail;
import dev.reactiongateway.core.MessageRef;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.Logger;

/**
 * Exactly one line per API request, logger {@code dev.reactiongateway.access}: readable as text,
 * and with every field in the line's MDC so JSON logs carry them as fields.
 *
 * <p>The fields go into the log record's own copy of the MDC (which starts as the request's: its
 * {@code requestId} and, with tracing on, its trace), not into the request's MDC and out again:
 * putting a dozen fields into the request's context only for the logger to copy them back is work
 * done twice on every request.
 */
final class RequestSummary {

  private static final Logger ACCESS = Logger.getLogger("dev.reactiongateway.access");

  private RequestSummary() {}

  static void log(RequestRecord record, int status) {
    if (!ACCESS.isLoggable(Level.INFO)) {
      return;
    }
    MessageRef message = record.message();
    CallTrail trail = record.trail();
    Line line = new Line();
    line.field("requestId", record.requestId());
    line.field("caller", orDash(record.caller()));
    line.field("provider", message == null ? "-" : message.provider().wireName());
    line.field("api", message == null ? "-" : message.api().version());
    line.field("reaction", orDash(record.reaction()));
    line.field("operation", orDash(record.operation()));
    line.field("code", orDash(record.code()));
    line.field("status", Integer.toString(status));
    line.field("attempts", Integer.toString(trail.attempts()));
    line.field("upstreamStatus", Integer.toString(trail.upstreamStatus()));
    line.field("providerTraceId", orDash(trail.providerTraceId()));
    line.field("durationMs", Long.toString(record.elapsedMillis()));
    ACCESS.logRaw(line.record());
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }

  /** The text {@code request name=value ...} and the same fields in the record's MDC. */
  private static final class Line {
    private final StringBuilder text = new StringBuilder(256).append("request");
    private final ExtLogRecord record =
        new ExtLogRecord(
            Level.INFO, null, ExtLogRecord.FormatStyle.NO_FORMAT, RequestSummary.class.getName());

    Line() {
      record.copyMdc();
    }

    void field(String name, String value) {
      text.append(' ').append(name).append('=').append(value);
      record.putMdc(name, value);
    }

    ExtLogRecord record() {
      record.setMessage(text.toString(), ExtLogRecord.FormatStyle.NO_FORMAT);
      return record;
    }
  }
}
