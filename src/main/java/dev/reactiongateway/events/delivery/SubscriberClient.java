package dev.reactiongateway.events.delivery;

import dev.reactiongateway.events.StandardWebhooks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.time.Instant;

/**
 * One subscriber's HTTP client: its own connection pool, as large as the deliveries it may have in
 * flight, so a slow or hanging subscriber holds only its own connections. Each attempt is bounded
 * as a whole (connecting, sending, the answer's status) by the delivery timeout.
 */
final class SubscriberClient {

  /** How one attempt ended. */
  enum Outcome {
    DELIVERED,
    FAILED,
    TIMEOUT;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One attempt's result.
   *
   * @param retryAfter the answer's {@code Retry-After}, or null
   */
  record Attempt(Outcome outcome, int status, String retryAfter) {}

  private final Vertx vertx;
  private final HttpClient client;
  private final Subscriber subscriber;
  private final long timeoutMillis;

  SubscriberClient(Vertx vertx, Subscriber subscriber, Duration timeout, int concurrency) {
    this.vertx = vertx;
    this.subscriber = subscriber;
    this.timeoutMillis = Math.max(1, timeout.toMillis());
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(concurrency).setMaxWaitQueueSize(concurrency));
  }

  /**
   * POSTs the event's stored JSON as it is, signed. Completes with the outcome, never fails; call
   * it on the subscriber's context.
   */
  Future<Attempt> post(String eventId, byte[] json, Instant now) {
    Promise<Attempt> result = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long deadline =
        vertx.setTimer(
            timeoutMillis,
            fired -> {
              // Also when the status came but the body stalls: the connection is not reused.
              result.tryComplete(new Attempt(Outcome.TIMEOUT, 0, null));
              if (sent[0] != null) {
                sent[0].reset();
              }
            });
    String timestamp = Long.toString(now.getEpochSecond());
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(subscriber.url().toString())
            .setFollowRedirects(false)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(StandardWebhooks.ID, eventId)
            .putHeader(StandardWebhooks.TIMESTAMP, timestamp)
            .putHeader(
                StandardWebhooks.SIGNATURE,
                StandardWebhooks.sign(subscriber.key(), eventId, now.getEpochSecond(), json));
    client
        .request(options)
        .compose(
            request -> {
              sent[0] = request;
              if (result.future().isComplete()) {
                request.reset();
              }
              return request.send(Buffer.buffer(json));
            })
        .onSuccess(response -> answered(response, result, deadline))
        .onFailure(
            failure -> {
              vertx.cancelTimer(deadline);
              result.tryComplete(new Attempt(Outcome.FAILED, 0, null));
            });
    return result.future();
  }

  /** The status decides; the body is read and dropped so the connection can be reused. */
  private void answered(HttpClientResponse response, Promise<Attempt> result, long deadline) {
    int status = response.statusCode();
    boolean delivered = status >= 200 && status < 300;
    result.tryComplete(
        new Attempt(
            delivered ? Outcome.DELIVERED : Outcome.FAILED,
            status,
            response.getHeader(HttpHeaders.RETRY_AFTER)));
    response.handler(ignored -> {});
    response.end().onComplete(ended -> vertx.cancelTimer(deadline));
  }

  void close() {
    client.close();
  }
}
