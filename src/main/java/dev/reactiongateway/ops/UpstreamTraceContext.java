package dev.reactiongateway.ops;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.quarkus.opentelemetry.runtime.propagation.TextMapPropagatorCustomizer;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;

/**
 * Lets only the gateway's own {@code traceparent} reach a provider. The W3C propagators would also
 * pass on the caller's {@code tracestate} (and {@code baggage}, which may carry user data), and no
 * caller input may reach an upstream header except {@code X-Request-Id}.
 */
@Singleton
public class UpstreamTraceContext implements TextMapPropagatorCustomizer {

  static final String TRACEPARENT = "traceparent";

  @Override
  public TextMapPropagator customize(Context context) {
    TextMapPropagator propagator = context.propagator();
    return new TextMapPropagator() {
      @Override
      public Collection<String> fields() {
        return propagator.fields().contains(TRACEPARENT) ? List.of(TRACEPARENT) : List.of();
      }

      @Override
      public <C> void inject(
          io.opentelemetry.context.Context current, C carrier, TextMapSetter<C> setter) {
        propagator.inject(
            current,
            carrier,
            (into, key, value) -> {
              if (TRACEPARENT.equals(key)) {
                setter.set(into, key, value);
              }
            });
      }

      @Override
      public <C> io.opentelemetry.context.Context extract(
          io.opentelemetry.context.Context current, C carrier, TextMapGetter<C> getter) {
        return propagator.extract(current, carrier, getter);
      }
    };
  }
}
