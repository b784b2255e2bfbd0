package dev.reactiongateway.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code gateway.http.*}: how long a client may take to send one request. */
@ConfigMapping(prefix = "gateway.http")
public interface ReadDeadlineConfig {

  /**
   * Time from a request's first byte (or a new connection's opening) until its headers and body
   * have all arrived; a connection that takes longer is closed.
   */
  @WithDefault("5s")
  Duration readDeadline();
}
