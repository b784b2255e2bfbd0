package dev.reactiongateway.provider;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientLogger;

/**
 * The REST clients' request/response logger (used when {@code quarkus.rest-client.logging.scope} is
 * turned on to debug a provider): credentials headers are never written, and neither are bodies,
 * which may carry provider-internal detail.
 */
public final class RedactingClientLogger implements ClientLogger {

  private static final Logger LOG = Logger.getLogger(RedactingClientLogger.class);
  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "x-chert-signature", "x-linq-integration-token", "cookie");

  @Override
  public void setBodySize(int bodySize) {
    // bodies are never logged
  }

  @Override
  public void logRequest(HttpClientRequest request, Buffer body, boolean omitBody) {
    if (LOG.isDebugEnabled()) {
      LOG.debugf(
          "upstream request: %s %s headers=%s",
          request.getMethod(), request.absoluteURI(), headers(request.headers()));
    }
  }

  @Override
  public void logResponse(HttpClientResponse response, boolean redirect) {
    if (LOG.isDebugEnabled()) {
      LOG.debugf(
          "upstream response: %s %s -> %d headers=%s",
          response.request().getMethod(),
          response.request().absoluteURI(),
          response.statusCode(),
          headers(response.headers()));
    }
  }

  static String headers(MultiMap headers) {
    StringJoiner shown = new StringJoiner(", ", "{", "}");
    headers.forEach(
        (name, value) ->
            shown.add(
                name
                    + "="
                    + (SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                        ? "[redacted]"
                        : value)));
    return shown.toString();
  }
}
