package dev.reactiongateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.core.ProviderFailure.Kind;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
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

  @Test
  void retryAfterIgnoresEmptyNegativeAndGarbageValues() {
    for (String ignored : new String[] {"", "  ", "-1", "1.5", "0x10", "tomorrow", "Sun, 99 Foo"}) {
      assertEquals(Optional.empty(), UpstreamResponses.retryAfterHeader(ignored), ignored);
    }
  }

  @Test
  void retryAfterHonoursAllThreeHttpDateForms() {
    ZonedDateTime in30s = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30);
    for (String pattern :
        new String[] {
          "EEE, dd MMM yyyy HH:mm:ss 'GMT'", // IMF-fixdate
          "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", // obsolete RFC 850
          "EEE MMM ppd HH:mm:ss yyyy" // asctime
        }) {
      String date = DateTimeFormatter.ofPattern(pattern, Locale.US).format(in30s);
      Duration wait = UpstreamResponses.retryAfterHeader(date).orElseThrow(() -> fail(date));
      assertTrue(
          wait.compareTo(Duration.ofSeconds(25)) > 0 && wait.compareTo(Duration.ofSeconds(31)) < 0,
          date + " -> " + wait);
    }
  }

  @Test
  void aHugeRetryAfterIsClampedInsteadOfOverflowing() {
    Duration max = Duration.ofHours(1);
    assertEquals(Optional.of(max), UpstreamResponses.retryAfterHeader("99999999999999"));
    assertEquals(
        Optional.of(max), UpstreamResponses.retryAfterHeader("999999999999999999999999999"));
    assertEquals(
        Optional.of(max), UpstreamResponses.retryAfterHeader("Fri, 31 Dec 9999 23:59:59 GMT"));
    assertEquals(
        Optional.of(Duration.ZERO),
        UpstreamResponses.retryAfterHeader("Sun, 06 Nov 1994 08:49:37 GMT"));
  }

  private static AssertionError fail(String date) {
    return new AssertionError("not understood: " + date);
  }

  private static Kind kindOf(Throwable cause) {
    return UpstreamResponses.transportKind(new ProcessingException(cause));
  }
}
