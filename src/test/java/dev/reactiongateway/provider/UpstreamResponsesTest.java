package dev.reactiongateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reactiongateway.core.ProviderFailure.Kind;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class UpstreamResponsesTest {

  @Test
  void nothingWasSentWhenNoConnectionWasMade() {
    assertEquals(Kind.CONNECT_FAILED, kindOf(new ConnectException("Connection refused")));
    assertEquals(Kind.CONNECT_FAILED, kindOf(new UnknownHostException("chert.invalid")));
    assertEquals(Kind.POOL_EXHAUSTED, kindOf(new ConnectionPoolTooBusyException("full")));
    assertEquals(
        Kind.CONNECT_FAILED,
        kindOf(
            new TimeoutException(
                "The timeout of 100 ms has been exceeded when getting a connection to x:1")));
  }

  @Test
  void aTimeoutAfterSendingMayHaveReachedTheProvider() {
    assertEquals(
        Kind.TIMEOUT,
        kindOf(
            new TimeoutException(
                "The timeout period of 300ms has been exceeded while executing POST /x")));
  }

  @Test
  void anythingElseIsALostConnection() {
    assertEquals(Kind.CONNECTION_LOST, kindOf(new SocketException("Connection reset")));
    assertEquals(Kind.CONNECTION_LOST, kindOf(new IllegalStateException("closed")));
  }

  @Test
  void retryAfterReadsSecondsAndIgnoresGarbage() {
    assertEquals(Optional.of(Duration.ofSeconds(1)), UpstreamResponses.retryAfterHeader("1"));
    assertEquals(Optional.empty(), UpstreamResponses.retryAfterHeader("soon"));
    assertEquals(Optional.empty(), UpstreamResponses.retryAfterHeader("-3"));
  }

  private static Kind kindOf(Throwable cause) {
    return UpstreamResponses.transportKind(new ProcessingException(cause));
  }
}
