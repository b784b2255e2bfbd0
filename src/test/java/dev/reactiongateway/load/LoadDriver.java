package dev.reactiongateway.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/** An asynchronous HTTP caller of the gateway, for load from the test JVM. */
final class LoadDriver implements AutoCloseable {

  /** One answer: status, body, headers of interest, latency. */
  record Answer(int status, String body, String contentType, long nanos) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client;

  LoadDriver(int connections) {
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(Gateway.port())
                .setKeepAlive(true),
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
