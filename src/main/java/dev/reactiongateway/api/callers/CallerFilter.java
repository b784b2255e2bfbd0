package dev.reactiongateway.api.callers;

import dev.reactiongateway.api.RequestRecord;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates and rate-limits every {@code /v1} request before it is read. Health, metrics and
 * OpenAPI ({@code /q/*}) stay open: they carry no secrets.
 */
public class CallerFilter {

  private static final Uni<Void> OPEN = Uni.createFrom().voidItem();

  private final Callers callers;
  private final RateLimits limits;

  CallerFilter(Callers callers, RateLimits limits) {
    this.callers = callers;
    this.limits = limits;
  }

  @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
  public Uni<Void> authenticate(UriInfo uri, HttpHeaders headers, RoutingContext context) {
    if (!uri.getPath().startsWith("/v1/")) {
      return OPEN;
    }
    String caller = callers.authenticate(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
    RequestRecord.of(context).caller(caller);
    return limits.admit(caller);
  }
}
