package dev.reactiongateway.core.resilience;

import static dev.reactiongateway.core.Operation.ADD;
import static dev.reactiongateway.core.Operation.REMOVE;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.core.GatewayException.ProviderFacts;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderFailure;
import dev.reactiongateway.core.ProviderFailure.Kind;
import dev.reactiongateway.core.resilience.FailureAnswers.Progress;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the caller is told when a provider call fails: the provider rows of the error table of
 * docs/api-and-errors.md (code, {@code retryable}, {@code Retry-After}, the detail sentence), from
 * the classifier's verdict, without SmallRye.
 */
class FailureAnswersTest {

  private static final Provider CHERT = new Provider("chert");
  private static final String MAY_HAVE_DELIVERED =
      "; the reaction may have been delivered, so the gateway did not retry";

  private final FailureClassifier classifier = new FailureClassifier();

  // spotless:off
  static Stream<Row> table() {
    return Stream.of(
        //      name                            failure                          op      code                        retry? detail
        new Row("404 with the provider's code", notFound(),                      ADD,    "message_not_found",        false, "chert has no message with this messageId; check the id"),
        new Row("503",                          status(503, null),               ADD,    "provider_error",           true,  "chert answered with an error or a response the gateway cannot read"),
        new Row("500 with retryable:true",      status(500, true),               ADD,    "provider_error",           true,  "chert answered with an error or a response the gateway cannot read"),
        new Row("500 on add",                   status(500, null),               ADD,    "provider_error",           false, "chert answered with an error or a response the gateway cannot read" + MAY_HAVE_DELIVERED),
        new Row("500 on remove",                status(500, null),               REMOVE, "provider_error",           true,  "chert answered with an error or a response the gateway cannot read"),
        new Row("unreadable answer on add",     unreadable(),                    ADD,    "provider_error",           false, "chert answered with an error or a response the gateway cannot read" + MAY_HAVE_DELIVERED),
        new Row("unreadable answer on remove",  unreadable(),                    REMOVE, "provider_error",           true,  "chert answered with an error or a response the gateway cannot read"),
        new Row("Chert 4001",                   deliveryFailed(null),            ADD,    "provider_delivery_failed", true,  "chert could not deliver the reaction to the recipient"),
        new Row("Chert 4001 retryable:false",   deliveryFailed(false),           ADD,    "provider_delivery_failed", false, "chert could not deliver the reaction to the recipient"),
        new Row("read timeout on add",          transport(Kind.TIMEOUT),         ADD,    "provider_timeout",         false, "chert did not answer in time" + MAY_HAVE_DELIVERED),
        new Row("read timeout on remove",       transport(Kind.TIMEOUT),         REMOVE, "provider_timeout",         true,  "chert did not answer in time"),
        new Row("connect failure",              transport(Kind.CONNECT_FAILED),  ADD,    "provider_unreachable",     true,  "the connection to chert failed"),
        new Row("reset on add",                 transport(Kind.CONNECTION_LOST), ADD,    "provider_unreachable",     false, "the connection to chert failed" + MAY_HAVE_DELIVERED),
        new Row("reset on remove",              transport(Kind.CONNECTION_LOST), REMOVE, "provider_unreachable",     true,  "the connection to chert failed"),
        new Row("another 4xx",                  status(422, null),               ADD,    "provider_rejected",        false, "chert rejected the gateway's request: a gateway credentials or configuration problem, not the caller's"),
        new Row("4xx with retryable:true",      status(409, true),               ADD,    "provider_rejected",        true,  "chert rejected the gateway's request: a gateway credentials or configuration problem, not the caller's"),
        new Row("429",                          status(429, null),               ADD,    "provider_rate_limited",    true,  "chert is rate limiting the gateway"));
  }
  // spotless:on

  /** One provider row of the error table: a failed attempt and what its caller is told. */
  record Row(
      String name,
      ProviderFailure failure,
      Operation operation,
      String code,
      boolean retryable,
      String detail) {
    @Override
    public String toString() {
      return name;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void aFailedAttemptIsAnsweredLikeTheContract(Row row) {
    boolean mayHaveActed = classifier.classify(row.failure(), row.operation()).mayHaveActed();
    GatewayException answer = attemptFailed(row.failure(), row.operation(), 1);
    assertAll(
        () -> assertEquals(row.code(), answer.code().code(), "code"),
        () -> assertEquals(row.retryable(), answer.retryable(), "retryable"),
        () -> assertEquals(row.detail(), answer.detail(), "detail"),
        () -> assertEquals(mayHaveActed, answer.providerMayHaveActed(), "provider may have acted"),
        () -> assertEquals(Optional.empty(), answer.retryAfter(), "Retry-After"),
        () -> assertEquals(CHERT, answer.provider().orElseThrow().provider(), "provider"));
  }

  @Test
  void theProvidersFactsArePassedOn() {
    ProviderFailure failure =
        ProviderFailure.errorStatus(CHERT, 404, "2003", false, null, "trace-1", false);
    GatewayException answer = attemptFailed(failure, ADD, 1);
    assertEquals(new ProviderFacts(CHERT, 404, "2003", "trace-1"), answer.provider().orElseThrow());
  }

  @Test
  void aTransportFailureHasNoProviderStatus() {
    GatewayException answer = attemptFailed(transport(Kind.CONNECT_FAILED), ADD, 1);
    assertEquals(new ProviderFacts(CHERT, null, null, null), answer.provider().orElseThrow());
  }

  @Test
  void theProvidersWaitIsPassedOnInWholeSecondsRoundedUp() {
    ProviderFailure limited =
        ProviderFailure.errorStatus(CHERT, 429, null, null, Duration.ofMillis(1500), null, false);
    assertEquals(Optional.of(Duration.ofSeconds(2)), attemptFailed(limited, ADD, 3).retryAfter());
  }

  @Test
  void aDetailSaysHowManyAttemptsWereMadeWhenThereWereSeveral() {
    assertEquals(
        "the connection to chert failed (after 3 attempts)",
        attemptFailed(transport(Kind.CONNECT_FAILED), ADD, 3).detail());
  }

  @Test
  void aDeadlinePassedBeforeAnythingWasSentIsRetryable() {
    GatewayException answer =
        FailureAnswers.deadlinePassed(new Progress(CHERT, ADD, 1, false), Duration.ofSeconds(5));
    assertAll(
        () -> assertEquals("provider_timeout", answer.code().code()),
        () -> assertEquals(true, answer.retryable()),
        () -> assertEquals(false, answer.providerMayHaveActed()),
        () -> assertEquals("chert did not answer within the deadline of 5000 ms", answer.detail()),
        () -> assertEquals(Optional.empty(), answer.retryAfter()),
        () -> assertEquals(new ProviderFacts(CHERT, null, null, null), answer.provider().get()));
  }

  @Test
  void aDeadlinePassedAfterSendingIsRetryableOnlyForRemove() {
    GatewayException add =
        FailureAnswers.deadlinePassed(new Progress(CHERT, ADD, 1, true), Duration.ofSeconds(5));
    GatewayException remove =
        FailureAnswers.deadlinePassed(new Progress(CHERT, REMOVE, 2, true), Duration.ofSeconds(5));
    assertAll(
        () -> assertEquals(false, add.retryable()),
        () -> assertEquals(true, add.providerMayHaveActed()),
        () ->
            assertEquals(
                "chert did not answer within the deadline of 5000 ms" + MAY_HAVE_DELIVERED,
                add.detail()),
        () -> assertEquals(true, remove.retryable()),
        () -> assertEquals(true, remove.providerMayHaveActed()),
        () ->
            assertEquals(
                "chert did not answer within the deadline of 5000 ms (after 2 attempts)",
                remove.detail()));
  }

  @Test
  void anOpenBreakerSaysWhenToRetryInWholeSecondsAtLeastOne() {
    Progress nothingSent = new Progress(CHERT, ADD, 0, false);
    assertRetryableNothingSent(
        FailureAnswers.circuitOpen(nothingSent, Duration.ofMillis(1200)),
        "provider_circuit_open",
        Duration.ofSeconds(2),
        "chert has been failing, so the gateway stopped calling it for a while; nothing was sent,"
            + " retry after the indicated time");
    assertEquals(
        Optional.of(Duration.ofSeconds(1)),
        FailureAnswers.circuitOpen(nothingSent, Duration.ZERO).retryAfter());
  }

  @Test
  void aBusyProviderSaysWhenToRetryInWholeSecondsAtLeastOne() {
    assertRetryableNothingSent(
        FailureAnswers.busy(new Progress(CHERT, ADD, 0, false), Duration.ofMillis(300)),
        "provider_busy",
        Duration.ofSeconds(1),
        "too many requests to chert are in progress to finish this one before its deadline;"
            + " nothing was sent, retry after the indicated time");
  }

  private static void assertRetryableNothingSent(
      GatewayException answer, String code, Duration retryAfter, String detail) {
    assertAll(
        () -> assertEquals(code, answer.code().code()),
        () -> assertEquals(true, answer.retryable()),
        () -> assertEquals(false, answer.providerMayHaveActed()),
        () -> assertEquals(Optional.of(retryAfter), answer.retryAfter()),
        () -> assertEquals(detail, answer.detail()),
        () -> assertEquals(new ProviderFacts(CHERT, null, null, null), answer.provider().get()));
  }

  private GatewayException attemptFailed(ProviderFailure failure, Operation operation, int tries) {
    Verdict verdict = classifier.classify(failure, operation);
    return FailureAnswers.attemptFailed(
        new Progress(CHERT, operation, tries, verdict.mayHaveActed()), verdict, failure);
  }

  private static ProviderFailure transport(Kind kind) {
    return ProviderFailure.transport(CHERT, kind, new RuntimeException("wire"));
  }

  private static ProviderFailure unreadable() {
    return ProviderFailure.unexpectedResponse(CHERT, 201, null);
  }

  private static ProviderFailure notFound() {
    return ProviderFailure.errorStatus(CHERT, 404, "2003", false, null, null, false);
  }

  private static ProviderFailure status(int status, Boolean retryable) {
    return ProviderFailure.errorStatus(CHERT, status, null, retryable, null, null, false);
  }

  private static ProviderFailure deliveryFailed(Boolean retryable) {
    return ProviderFailure.errorStatus(CHERT, 502, "4001", retryable, null, null, true);
  }
}
