package dev.reactiongateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderFailure;
import dev.reactiongateway.core.ProviderFailure.Kind;
import dev.reactiongateway.core.ProviderReceipt;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

class UpstreamResponsesTest {

  private static final UpstreamResponses RESPONSES =
      new UpstreamResponses(new Provider("acme"), new ObjectMapper(), "4001"::equals);

  /** An answer the way an adapter might read one: {@code {"status":"sent"}} is a receipt. */
  record Sent(String status) {}

  private static final Function<RestResponse<byte[]>, ProviderReceipt> SENT =
      RESPONSES.decoder(
          Sent.class,
          (answer, success) ->
              "sent".equals(answer.status()) ? Optional.of(success.receipt()) : Optional.empty());

  @Test
  void aSuccessIsReadFromItsBodyWithTheStatusAndTraceId() {
    assertEquals(
        ProviderReceipt.of(201, "t-1"), SENT.apply(answer(201, "{\"status\":\"sent\"}", "t-1")));
  }

  @Test
  void theTraceIdHeaderIsFoundWhateverTheCaseOfItsName() {
    RestResponse<byte[]> lowerCase =
        RestResponse.ResponseBuilder.<byte[]>create(201)
            .entity("{\"status\":\"sent\"}".getBytes(StandardCharsets.UTF_8))
            .header("x-trace-id", "t-lower")
            .build();
    assertEquals(ProviderReceipt.of(201, "t-lower"), SENT.apply(lowerCase));
    assertEquals(
        ProviderReceipt.of(201, null), SENT.apply(answer(201, "{\"status\":\"sent\"}", null)));
  }

  @Test
  void anErrorStatusIsTheProvidersFailureReadFromItsEnvelope() {
    ProviderFailure failure =
        assertThrows(
            ProviderFailure.class,
            () -> SENT.apply(answer(502, "{\"error\":{\"code\":4001}}", "t-2")));
    assertEquals(Kind.ERROR_STATUS, failure.kind());
    assertEquals(502, failure.status());
    assertEquals(Optional.of("4001"), failure.providerCode());
    assertTrue(failure.deliveryFailed());
    assertEquals(Optional.of("t-2"), failure.traceId());
  }

  @Test
  void aBodyTheAdapterCannotReadIsAnUnexpectedResponse() {
    for (String body : new String[] {"", "null", "{", "[]", "{\"status\":\"queued\"}"}) {
      ProviderFailure failure =
          assertThrows(ProviderFailure.class, () -> SENT.apply(answer(200, body, null)), body);
      assertEquals(Kind.UNEXPECTED_RESPONSE, failure.kind(), body);
      assertEquals(200, failure.status(), body);
    }
  }

  @Test
  void aReadingThatThrowsIsAnUnexpectedResponse() {
    Function<RestResponse<byte[]>, ProviderReceipt> throwing =
        RESPONSES.decoder(
            Sent.class,
            (answer, success) -> {
              throw new IllegalArgumentException("not a receipt");
            });
    ProviderFailure failure =
        assertThrows(
            ProviderFailure.class,
            () -> throwing.apply(answer(200, "{\"status\":\"sent\"}", null)));
    assertEquals(Kind.UNEXPECTED_RESPONSE, failure.kind());
  }

  @Test
  void anEmptyBodyIsWhatTheAdapterMakesOfIt() {
    Function<RestResponse<byte[]>, ProviderReceipt> emptyIsSent =
        RESPONSES.decoder(
            Sent.class,
            (answer, success) -> Optional.empty(),
            success -> Optional.of(success.receipt()));
    assertEquals(ProviderReceipt.of(201, "t-3"), emptyIsSent.apply(answer(201, "", "t-3")));
    assertEquals(
        Kind.UNEXPECTED_RESPONSE,
        assertThrows(ProviderFailure.class, () -> emptyIsSent.apply(answer(201, "null", null)))
            .kind());
  }

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

  private static RestResponse<byte[]> answer(int status, String body, String traceId) {
    return RestResponse.ResponseBuilder.<byte[]>create(status)
        .entity(body.getBytes(StandardCharsets.UTF_8))
        .header(UpstreamResponses.TRACE_ID_HEADER, traceId)
        .build();
  }
}
