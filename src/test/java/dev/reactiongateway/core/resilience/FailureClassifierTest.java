package dev.reactiongateway.core.resilience;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderFailure;
import dev.reactiongateway.core.ProviderFailure.Kind;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The failure table of docs/resilience-and-configuration.md, row by row. */
class FailureClassifierTest {

  private static final Provider CHERT = new Provider("chert");
  private static final Provider LINQ = new Provider("linq");

  private final FailureClassifier classifier = new FailureClassifier();

  // spotless:off
  static Stream<Arguments> table() {
    return Stream.of(
        //  failure                                     example                                   add?   remove? breaker code                        may have acted
        row("connect failure",                          transport(Kind.CONNECT_FAILED),           true,  true,   true,  "provider_unreachable",     false),
        row("no pooled connection free (local)",        transport(Kind.POOL_EXHAUSTED),           true,  true,   false, "provider_busy",            false),
        row("read timeout after sending",               transport(Kind.TIMEOUT),                  false, true,   true,  "provider_timeout",         true),
        row("reset mid-exchange",                       transport(Kind.CONNECTION_LOST),          false, true,   true,  "provider_unreachable",     true),
        row("unreadable success body",                  unreadable(),                             false, true,   true,  "provider_error",           true),
        row("404 with the provider's code",             notFound("2003"),                         false, false,  false, "message_not_found",        false),
        row("404 without a provider code (wrong route)", status(404),                             false, false,  false, "provider_rejected",        false),
        row("429",                                      status(429),                              true,  true,   false, "provider_rate_limited",    false),
        row("503",                                      status(503),                              true,  true,   true,  "provider_error",           false),
        row("500",                                      status(500),                              false, true,   true,  "provider_error",           true),
        row("502",                                      status(502),                              false, true,   true,  "provider_error",           true),
        row("504",                                      status(504),                              false, true,   true,  "provider_error",           true),
        row("envelope retryable:true on 500",           flagged(500, true, false),                true,  true,   true,  "provider_error",           false),
        row("envelope retryable:true on 409",           flagged(409, true, false),                true,  true,   false, "provider_rejected",        false),
        row("envelope retryable:false on 503",          flagged(503, false, false),               true,  true,   true,  "provider_error",           false),
        row("envelope retryable:false on 429",          flagged(429, false, false),               true,  true,   false, "provider_rate_limited",    false),
        row("envelope retryable:false on 500",          flagged(500, false, false),               false, true,   true,  "provider_error",           true),
        row("chert 4001 without flag",                  flagged(502, null, true),                 true,  true,   true,  "provider_delivery_failed", false),
        row("chert 4001 retryable:true",                flagged(502, true, true),                 true,  true,   true,  "provider_delivery_failed", false),
        row("chert 4001 retryable:false (authoritative)", flagged(502, false, true),              false, false,  true,  "provider_delivery_failed", false),
        row("400",                                      status(400),                              false, false,  false, "provider_rejected",        false),
        row("401",                                      status(401),                              false, false,  false, "provider_rejected",        false),
        row("403",                                      status(403),                              false, false,  false, "provider_rejected",        false),
        row("422",                                      status(422),                              false, false,  false, "provider_rejected",        false),
        row("409",                                      status(409),                              false, false,  false, "provider_rejected",        false));
  }
  // spotless:on

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void classifiesLikeTheContract(
      String name,
      ProviderFailure failure,
      boolean addRetried,
      boolean removeRetried,
      boolean breaker,
      String code,
      boolean mayHaveActed) {
    Verdict add = classifier.classify(failure, Operation.ADD);
    Verdict remove = classifier.classify(failure, Operation.REMOVE);
    Verdict read = classifier.classify(failure, Operation.READ);
    assertAll(
        () -> assertEquals(removeRetried, read.retry(), "retried for a read, as for remove"),
        () -> assertEquals(code, read.code().code(), "code of a read"),
        () -> assertEquals(addRetried, add.retry(), "retried for add"),
        () -> assertEquals(removeRetried, remove.retry(), "retried for remove"),
        () -> assertEquals(breaker, add.countsAgainstBreaker(), "counts against the breaker"),
        () -> assertEquals(code, add.code().code(), "code"),
        () -> assertEquals(mayHaveActed, add.mayHaveActed(), "provider may have acted"),
        () -> assertEquals(addRetried, add.callerRetryable(), "caller may repeat an add"),
        () -> assertEquals(removeRetried, remove.callerRetryable(), "caller may repeat a remove"));
  }

  @Test
  void retryAfterIsPassedOn() {
    ProviderFailure limited =
        ProviderFailure.errorStatus(
            CHERT, 429, "1007", null, Duration.ofSeconds(600), "t-1", false);
    Verdict verdict = classifier.classify(limited, Operation.ADD);
    assertEquals(Optional.of(Duration.ofSeconds(600)), verdict.retryAfter());
    assertEquals(ErrorCode.PROVIDER_RATE_LIMITED, verdict.code());
  }

  private static Arguments row(
      String name,
      ProviderFailure failure,
      boolean addRetried,
      boolean removeRetried,
      boolean breaker,
      String code,
      boolean mayHaveActed) {
    return Arguments.of(name, failure, addRetried, removeRetried, breaker, code, mayHaveActed);
  }

  private static ProviderFailure unreadable() {
    return ProviderFailure.unexpectedResponse(LINQ, 201, null);
  }

  private static ProviderFailure transport(Kind kind) {
    return ProviderFailure.transport(CHERT, kind, new RuntimeException("wire"));
  }

  private static ProviderFailure status(int status) {
    return flagged(status, null, false);
  }

  private static ProviderFailure notFound(String providerCode) {
    return ProviderFailure.errorStatus(CHERT, 404, providerCode, false, null, null, false);
  }

  private static ProviderFailure flagged(int status, Boolean retryable, boolean deliveryFailed) {
    return ProviderFailure.errorStatus(CHERT, status, null, retryable, null, null, deliveryFailed);
  }
}
