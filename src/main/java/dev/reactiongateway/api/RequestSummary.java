package dev.reactiongateway.api;

import dev.reactiongateway.core.CallTrail;
import dev.reactiongateway.core.MessageRef;
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
    MessageRef message = record.message();
    CallTrail trail = record.trail();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("requestId", record.requestId());
    fields.put("caller", orDash(record.caller()));
    fields.put("provider", message == null ? "-" : message.provider().wireName());
    fields.put("api", message == null ? "-" : message.api().version());
    fields.put("reaction", orDash(record.reaction()));
    fields.put("operation", orDash(record.operation()));
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
