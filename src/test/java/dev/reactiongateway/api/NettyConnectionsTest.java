package dev.reactiongateway.api;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the read deadline assumes of a Vert.x internal ({@link NettyConnections}). A failure here
 * after an upgrade means slow clients are no longer cut off at the read deadline: {@link
 * ReadDeadline} finds no channel to watch and lets every request through unwatched.
 */
class NettyConnectionsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void anHttp1ServerConnectionHandsOutItsNettyChannel() throws Exception {
    CompletableFuture<Channel> channel = new CompletableFuture<>();
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  channel.complete(NettyConnections.channel(request.connection()));
                  request.response().end();
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    vertx
        .createHttpClient()
        .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
        .compose(request -> request.send())
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);

    Channel found = channel.get(5, TimeUnit.SECONDS);
    assertNotNull(
        found,
        "a Vert.x upgrade broke api/NettyConnections: an HTTP/1.1 server connection is no longer a"
            + " io.vertx.core.net.impl.ConnectionBase, so api/ReadDeadline watches no connection");
    assertTrue(
        found.pipeline() != null && found.isActive(),
        "a Vert.x upgrade broke api/NettyConnections: ConnectionBase.channel() no longer is the"
            + " connection's live Netty channel");
  }
}
