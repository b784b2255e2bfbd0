package dev.reactiongateway.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Slow clients are cut off by a deadline per request, not by the idle timeout, so idle keep-alive
 * connections can live as long as callers' pools keep them ({@code quarkus.http.idle-timeout})
 * while a client trickling a request cannot hold a connection: from a request's first byte (or a
 * new connection's opening) its headers and body must all arrive within {@code
 * gateway.http.read-deadline}, or the connection is closed.
 *
 * <p>Headers are still being parsed when a slow client stalls, before any HTTP handler runs, so the
 * clock lives in the connection's Netty pipeline: the first request the gateway sees puts a watcher
 * in front of the server's accept step, and from then on every accepted connection gets one (the
 * first probe of a starting pod does this). HTTP/2 connections multiplex requests and are left to
 * the idle timeout.
 */
@ApplicationScoped
public class ReadDeadline {

  private static final Logger LOG = Logger.getLogger(ReadDeadline.class);
  private static final String WATCH = "gateway-read-deadline";
  private static final String ACCEPTOR = "gateway-read-deadline-acceptor";

  private final long deadlineNanos;
  private final Acceptor acceptor = new Acceptor();

  ReadDeadline(ReadDeadlineConfig config) {
    this.deadlineNanos = config.readDeadline().toNanos();
  }

  void register(@Observes Filters filters) {
    // Before the request id and body checks, so every request on a watched connection is seen.
    filters.register(this::handle, 2_000);
  }

  private void handle(RoutingContext context) {
    HttpServerRequest request = context.request();
    Channel channel = NettyConnections.channel(request.connection());
    if (channel != null) {
      Watch watch = (Watch) channel.pipeline().get(WATCH);
      if (request.version() == HttpVersion.HTTP_2) {
        if (watch != null) {
          channel.pipeline().remove(watch);
        }
      } else {
        if (watch == null) {
          watchAcceptedConnections(channel.parent());
          watch = new Watch(deadlineNanos, false);
          channel.pipeline().addFirst(WATCH, watch);
        }
        Watch watching = watch;
        watching.reading(request);
        context.addEndHandler(ended -> watching.answered());
      }
    }
    context.next();
  }

  private void watchAcceptedConnections(Channel server) {
    if (server == null || server.pipeline().get(ACCEPTOR) != null) {
      return;
    }
    synchronized (this) {
      if (server.pipeline().get(ACCEPTOR) == null) {
        server.pipeline().addFirst(ACCEPTOR, acceptor);
      }
    }
  }

  /** On the listening channel: gives each accepted connection its watch, clock running. */
  @ChannelHandler.Sharable
  private final class Acceptor extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext context, Object accepted) {
      if (accepted instanceof Channel connection) {
        connection.pipeline().addFirst(WATCH, new Watch(deadlineNanos, true));
      }
      context.fireChannelRead(accepted);
    }
  }

  /**
   * One connection's clock. It starts when the connection opens and at the first byte after an
   * answer; it stops mattering once the request's body has been read; at the deadline a connection
   * still sending its request is closed. Runs on the connection's event loop only.
   */
  private static final class Watch extends ChannelInboundHandlerAdapter {
    private final long deadlineNanos;
    private final boolean fromOpening;
    private boolean idle;
    private HttpServerRequest current;
    private ScheduledFuture<?> timer;

    Watch(long deadlineNanos, boolean fromOpening) {
      this.deadlineNanos = deadlineNanos;
      this.fromOpening = fromOpening;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
      if (fromOpening) {
        start(context);
      }
      context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object bytes) {
      if (idle) {
        idle = false;
        start(context);
      }
      context.fireChannelRead(bytes);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
      stop();
    }

    void reading(HttpServerRequest request) {
      current = request;
    }

    void answered() {
      idle = true;
      current = null;
      stop();
    }

    private void start(ChannelHandlerContext context) {
      stop();
      timer =
          context.executor().schedule(() -> expired(context), deadlineNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }

    private void expired(ChannelHandlerContext context) {
      timer = null;
      if (current != null && current.isEnded()) {
        return;
      }
      LOG.debugf(
          "closing %s: its request did not arrive within the read deadline",
          context.channel().remoteAddress());
      context.close();
    }
  }
}
