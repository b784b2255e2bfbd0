package dev.reactiongateway.api;

import dev.reactiongateway.core.CallTrail;
import dev.reactiongateway.core.ReactionCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Exactly one line per API request, logger {@code dev.reactiongateway.access}: readable as text,
 * and with every field in the MDC so JSON logs carry them as fields.
 */
final class RequestSummary {

  private static final Logger ACCESS = Logger.getLogger("dev.reactiongateway.access");

  private RequestSummary() {}

  static void log(RequestRecord record, int status) {
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    ReactionCommand command = record.command();
    CallTrail trail = record.trail();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("requestId", record.requestId());
    fields.put("caller", orDash(record.caller()));
    fields.put("provider", command == null ? "-" : command.provider().wireName());
    fields.put("api", command == null ? "-" : command.message().api().version());
    fields.put("reaction", command == null ? "-" : command.reaction().wireName());
    fields.put("operation", command == null ? "-" : command.operation().wireName());
    fields.put("code", orDash(record.code()));
    fields.put("status", status);
    fields.put("attempts", trail.attempts());
    fields.put("upstreamStatus", trail.upstreamStatus());
    fields.put("providerTraceId", orDash(trail.providerTraceId()));
    fields.put("durationMs", record.elapsedMillis());
    StringBuilder line = new StringBuilder("request");
    fields.forEach(
        (name, value) -> {
          MDC.put(name, value);
          line.append(' ').append(name).append('=').append(value);
        });
    try {
      ACCESS.info(line);
    } finally {
      fields.keySet().forEach(MDC::remove);
      MDC.put("requestId", record.requestId());
    }
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }
}
