package dev.reactiongateway.ops;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code gateway.log.*}: how the console is written. */
@ConfigMapping(prefix = "gateway.log")
public interface ConsoleLogConfig {

  /**
   * Whether console lines logged on an event loop are written together once per turn of the loop
   * ({@link ConsoleBatching}) rather than one by one as they are logged.
   */
  @WithDefault("true")
  boolean batchConsoleWrites();
}
