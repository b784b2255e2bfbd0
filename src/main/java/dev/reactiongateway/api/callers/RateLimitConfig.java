package dev.reactiongateway.api.callers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code gateway.rate-limit.*}: how often each caller may call (a rolling window per caller). */
@ConfigMapping(prefix = "gateway.rate-limit")
public interface RateLimitConfig {

  @WithDefault("true")
  boolean enabled();

  /** Requests allowed in any window, per caller. */
  @WithDefault("200")
  int requests();

  @WithDefault("1s")
  Duration window();
}
