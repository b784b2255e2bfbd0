package dev.reactiongateway.load;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/**
 * An asynchronous HTTP caller of the gateway, for load from the test JVM. Every request is issued
 * on one Vert.x context, so a response's head, body and end reach their handlers in order on one
 * thread. (Issued from the test's own thread, each request got a new context; now and then a fast
 * answer then ended before {@code body()} was attached, and its future never completed although the
 * gateway's answer was on the wire, as a packet capture showed.)
 */
final class LoadDriver implements AutoCloseable {

  /** One answer: status, body, headers of interest, latency. */
  record Answer(int status, String body, String contentType, long nanos) {}

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final HttpClient client;

  LoadDriver(int connections) {
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(Gateway.port())
                .setKeepAlive(true)
                // Below the gateway's idle timeout (120 s), as every caller's pool must be: a
                // pooled
                // connection reused just as the server closes it fails with "Connection was closed"
                // (the request was never read, so nothing was sent, but the caller sees an error).
                .setKeepAliveTimeout(10),
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
  }

  Future<Answer> post(String body, Map<String, String> headers) {
    long started = System.nanoTime();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setURI("/v1/reactions")
            .putHeader("Content-Type", "application/json")
            .setTimeout(30_000);
    headers.forEach(options::putHeader);
    Promise<Answer> answer = Promise.promise();
    context.runOnContext(issue -> exchange(options, body, started).onComplete(answer));
    return answer.future();
  }

  private Future<Answer> exchange(RequestOptions options, String body, long started) {
    return client
        .request(options)
        .compose(request -> request.send(Buffer.buffer(body)))
        .compose(
            response ->
                response
                    .body()
                    .map(
                        payload ->
                            new Answer(
                                response.statusCode(),
                                payload.toString(),
                                response.getHeader("Content-Type"),
                                System.nanoTime() - started)));
  }

  Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
