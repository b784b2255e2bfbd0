package dev.reactiongateway.api;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The read deadline's use of a Vert.x internal ({@link ConnectionBase}), kept here alone so that a
 * Vert.x upgrade that changes it breaks one small class, and {@code NettyConnectionsTest} says what
 * broke: an HTTP/1.x server connection is a {@link ConnectionBase}, which hands out its Netty
 * {@link Channel}.
 */
final class NettyConnections {

  private NettyConnections() {}

  /** The Netty channel under {@code connection}; null when Vert.x does not expose one. */
  static Channel channel(HttpConnection connection) {
    return connection instanceof ConnectionBase base ? base.channel() : null;
  }
}
