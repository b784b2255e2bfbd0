package dev.reactiongateway.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderFailure;
import dev.reactiongateway.core.ProviderFailure.Kind;
import dev.reactiongateway.core.ProviderReceipt;
import io.netty.handler.codec.DateFormatter;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Decodes what an upstream exchange produced: a success into what the adapter reads from its body,
 * and an error status (with the providers' envelope), an answer the adapter cannot read or a
 * transport exception into a provider-neutral {@link ProviderFailure}. Shared by every adapter
 * because the providers use the same envelope and {@code X-Trace-ID} header.
 */
public final class UpstreamResponses {

  public static final String TRACE_ID_HEADER = "X-Trace-ID";

  /**
   * The longest provider wait the gateway believes: a larger one (or an absurd one that would
   * overflow a clock) is cut to this before anything computes with it, and passed on as the
   * caller's {@code Retry-After}.
   */
  public static final Duration MAX_PROVIDER_WAIT = Duration.ofHours(1);

  private static final Pattern DIGITS = Pattern.compile("\\d+");

  private final Provider provider;
  private final ObjectMapper mapper;
  private final ObjectReader envelopeReader;
  private final Predicate<String> deliveryFailedCode;

  public UpstreamResponses(
      Provider provider, ObjectMapper mapper, Predicate<String> deliveryFailedCode) {
    this.provider = provider;
    this.mapper = mapper;
    this.envelopeReader = mapper.readerFor(ErrorEnvelope.class);
    this.deliveryFailedCode = deliveryFailedCode;
  }

  /** A success status and the provider's {@code X-Trace-ID} header (null when it sent none). */
  public record Success(int status, String traceId) {

    /** The receipt of an answer that tells nothing more than that it succeeded. */
    public ProviderReceipt receipt() {
      return ProviderReceipt.of(status, traceId);
    }
  }

  /** What an adapter reads from a success body, once parsed (never JSON {@code null}). */
  @FunctionalInterface
  public interface Reading<T, R> {

    /**
     * The answer, or empty (or an exception) when the body is not one the adapter knows: then the
     * provider's unexpected response.
     */
    Optional<R> read(T body, Success success);
  }

  /**
   * The decoder of one kind of answer, whose success body is JSON of {@code type} read by {@code
   * reading}; an empty body is an unexpected response.
   */
  public <T, R> Function<RestResponse<byte[]>, R> decoder(Class<T> type, Reading<T, R> reading) {
    return decoder(type, reading, success -> Optional.empty());
  }

  /**
   * The decoder of one kind of answer: an error status is the provider's failure, read from its
   * envelope; an empty success body is what {@code emptyBody} makes of it, any other is parsed as
   * JSON of {@code type} and read by {@code reading}; a body that does not parse, JSON {@code null}
   * or one that either refuses is the provider's unexpected response.
   */
  public <T, R> Function<RestResponse<byte[]>, R> decoder(
      Class<T> type, Reading<T, R> reading, Function<Success, Optional<R>> emptyBody) {
    ObjectReader reader = mapper.readerFor(type);
    return response -> {
      if (response.getStatus() < 200 || response.getStatus() >= 300) {
        throw errorStatus(response);
      }
      Success success = new Success(response.getStatus(), traceId(response));
      byte[] body = body(response);
      try {
        Optional<R> answer =
            body.length == 0 ? emptyBody.apply(success) : read(reader, body, reading, success);
        if (answer.isPresent()) {
          return answer.get();
        }
      } catch (IOException | RuntimeException unreadable) {
        // answered below
      }
      throw unexpectedResponse(response);
    };
  }

  private static <T, R> Optional<R> read(
      ObjectReader reader, byte[] body, Reading<T, R> reading, Success success) throws IOException {
    T parsed = reader.readValue(body);
    return parsed == null ? Optional.empty() : reading.read(parsed, success);
  }

  /**
   * The raw body: the client hands success bodies over as {@code byte[]} and error bodies as an
   * already-buffered stream.
   */
  private static byte[] body(RestResponse<byte[]> response) {
    Object entity = response.getEntity();
    if (entity instanceof byte[] bytes) {
      return bytes;
    }
    if (entity instanceof InputStream stream) {
      try (stream) {
        return WholeBodyReader.read(stream);
      } catch (IOException unreadable) {
        return new byte[0];
      }
    }
    return new byte[0];
  }

  private static String traceId(RestResponse<?> response) {
    return response.getHeaderString(TRACE_ID_HEADER);
  }

  /** An error status; the envelope is used when it parses, and ignored when it does not. */
  private ProviderFailure errorStatus(RestResponse<byte[]> response) {
    Optional<ErrorEnvelope> envelope = parseEnvelope(body(response));
    Optional<ErrorEnvelope.Error> error = envelope.map(ErrorEnvelope::error);
    String code =
        error
            .map(ErrorEnvelope.Error::code)
            .filter(c -> !c.isNull())
            .map(c -> c.asText())
            .orElse(null);
    String traceId =
        Optional.ofNullable(traceId(response))
            .or(() -> envelope.map(ErrorEnvelope::traceId))
            .orElse(null);
    Duration retryAfter =
        retryAfterHeader(response.getHeaderString("Retry-After"))
            .or(
                () ->
                    error
                        .map(ErrorEnvelope.Error::retryAfter)
                        .filter(seconds -> seconds >= 0)
                        .map(UpstreamResponses::clampedSeconds))
            .orElse(null);
    return ProviderFailure.errorStatus(
        provider,
        response.getStatus(),
        code,
        error.map(ErrorEnvelope.Error::retryable).orElse(null),
        retryAfter,
        traceId,
        code != null && deliveryFailedCode.test(code));
  }

  private ProviderFailure unexpectedResponse(RestResponse<?> response) {
    return ProviderFailure.unexpectedResponse(provider, response.getStatus(), traceId(response));
  }

  /**
   * A transport failure: nothing was sent when the connection could not be opened (or no pooled
   * connection was granted); anything else may have reached the provider.
   */
  public Throwable transportFailure(Throwable failure) {
    if (failure instanceof ProviderFailure) {
      return failure;
    }
    return ProviderFailure.transport(provider, transportKind(failure), failure);
  }

  static Kind transportKind(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
        return Kind.POOL_EXHAUSTED;
      }
      if (cause instanceof ConnectException
          || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException) {
        return Kind.CONNECT_FAILED;
      }
      if (cause instanceof TimeoutException) {
        // Vert.x reports a wait for a pooled connection as a timeout too; nothing was sent then.
        String message = String.valueOf(cause.getMessage());
        return message.contains("when getting a connection") ? Kind.CONNECT_FAILED : Kind.TIMEOUT;
      }
    }
    return Kind.CONNECTION_LOST;
  }

  private Optional<ErrorEnvelope> parseEnvelope(byte[] body) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(envelopeReader.readValue(body));
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * {@code Retry-After} as delay-seconds or as an HTTP date in any of the three forms HTTP allows
   * (IMF-fixdate, RFC 850, asctime), clamped to {@link #MAX_PROVIDER_WAIT}. Anything else
   * (negative, empty, garbage) is ignored, so the gateway falls back on its own backoff.
   */
  static Optional<Duration> retryAfterHeader(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.strip();
    if (DIGITS.matcher(trimmed).matches()) {
      // More digits than a long holds is still "a very long wait", not garbage.
      return Optional.of(
          trimmed.length() > 18 ? MAX_PROVIDER_WAIT : clampedSeconds(Long.parseLong(trimmed)));
    }
    Date at = DateFormatter.parseHttpDate(trimmed);
    if (at == null) {
      return Optional.empty();
    }
    return Optional.of(clamped(Duration.between(Instant.now(), at.toInstant())));
  }

  private static Duration clampedSeconds(long seconds) {
    return seconds > MAX_PROVIDER_WAIT.toSeconds()
        ? MAX_PROVIDER_WAIT
        : Duration.ofSeconds(seconds);
  }

  private static Duration clamped(Duration wait) {
    if (wait.isNegative()) {
      return Duration.ZERO;
    }
    return wait.compareTo(MAX_PROVIDER_WAIT) > 0 ? MAX_PROVIDER_WAIT : wait;
  }
}
