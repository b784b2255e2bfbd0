package dev.reactiongateway.api;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.MessageRef;
import dev.reactiongateway.ops.GatewayMetrics;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * The first thing every request meets: settles its {@code X-Request-Id} (so every answer, even a
 * framework rejection, carries one) and rejects bodies over the contract's limit before they are
 * read: 16 KiB, and 64 KiB for a provider's webhook.
 */
@ApplicationScoped
public class HttpEdge {

  /** The body is at most 16 KiB (docs/api-and-errors.md, "Body limit"). */
  static final long MAX_BODY_BYTES = 16 * 1024;

  /** A provider's webhook is at most 64 KiB (docs/events.md, "Receiving"). */
  static final long MAX_WEBHOOK_BYTES = 64 * 1024;

  private static final int CALLER_GONE_STATUS = 499;

  private final Problems problems;
  private final GatewayMetrics metrics;

  HttpEdge(Problems problems, GatewayMetrics metrics) {
    this.problems = problems;
    this.metrics = metrics;
  }

  void register(@Observes Filters filters) {
    filters.register(this::handle, 1_000);
  }

  private void handle(RoutingContext context) {
    String requestId = RequestIds.saneOrNew(context.request().getHeader(RequestIds.HEADER));
    MDC.put("requestId", requestId);
    if (!context.normalizedPath().startsWith("/q/")) {
      RequestRecord record = new RequestRecord(requestId);
      context.put(RequestRecord.KEY, record);
      context.addEndHandler(done -> finished(record, context.response()));
    }
    context.request().headers().set(RequestIds.HEADER, requestId);
    context
        .response()
        .putHeader(RequestIds.HEADER, requestId)
        .putHeader("X-Content-Type-Options", "nosniff");
    if (!context.normalizedPath().startsWith("/q/")) {
      context.response().putHeader("Cache-Control", "no-store");
    }
    boolean webhook = context.normalizedPath().startsWith(WebhookResource.PATH + "/");
    if (declaredLength(context) > (webhook ? MAX_WEBHOOK_BYTES : MAX_BODY_BYTES)) {
      reject(
          context,
          ErrorCode.PAYLOAD_TOO_LARGE,
          "the body must be at most " + (webhook ? "64" : "16") + " KiB; this one declares more",
          requestId);
      return;
    }
    // The framework skips @Consumes when Content-Type is absent, so a body without one would be
    // read as JSON; the contract requires the header.
    if (hasBody(context) && context.request().getHeader(HttpHeaders.CONTENT_TYPE) == null) {
      reject(
          context,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "the body has no Content-Type; send it as application/json",
          requestId);
      return;
    }
    context.next();
  }

  private void reject(RoutingContext context, ErrorCode code, String detail, String requestId) {
    RequestRecord record = RequestRecord.of(context);
    if (record != null) {
      record.code(code.code());
    }
    problems.end(context, code, detail, requestId);
  }

  private static boolean hasBody(RoutingContext context) {
    return declaredLength(context) > 0
        || context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
  }

  private void finished(RequestRecord record, HttpServerResponse response) {
    // A response never written means the caller hung up first (nginx's 499).
    int status = response.ended() ? response.getStatusCode() : CALLER_GONE_STATUS;
    if (!response.ended()) {
      record.code("caller_gone");
    }
    RequestSummary.log(record, status);
    MessageRef message = record.message();
    metrics.request(
        message == null ? "none" : message.provider().wireName(),
        message == null ? "none" : message.api().version(),
        record.operation() == null ? "none" : record.operation(),
        record.code() == null ? "unknown" : record.code(),
        record.caller() == null ? "unauthenticated" : record.caller(),
        record.elapsedNanos());
  }

  private static long declaredLength(RoutingContext context) {
    String length = context.request().getHeader("Content-Length");
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.strip());
    } catch (NumberFormatException malformed) {
      return Long.MAX_VALUE;
    }
  }
}
