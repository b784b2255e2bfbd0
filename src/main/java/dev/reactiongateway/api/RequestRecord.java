package dev.reactiongateway.api;

import dev.reactiongateway.core.CallTrail;
import dev.reactiongateway.core.MessageRef;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.ReactionCommand;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * The facts of one request, gathered as it travels (edge, caller filter, resource, guard) and
 * written once as its summary line when the answer has been sent.
 */
public final class RequestRecord {

  static final String KEY = "gateway.request-record";

  private final String requestId;
  private final long startNanos = System.nanoTime();
  private final CallTrail trail = new CallTrail();
  private volatile String caller;
  private volatile MessageRef message;
  private volatile Operation operation;
  private volatile String reaction;
  private volatile String code;

  RequestRecord(String requestId) {
    this.requestId = requestId;
  }

  /** The record the edge attached to this request. */
  public static RequestRecord of(RoutingContext context) {
    return context.get(KEY);
  }

  public void caller(String caller) {
    this.caller = caller;
  }

  void command(ReactionCommand command) {
    this.message = command.message();
    this.operation = command.operation();
    this.reaction = command.reaction().wireName();
  }

  /** A read of a message's reactions (operation {@code read}, no reaction), known by its path. */
  void reading() {
    this.operation = Operation.READ;
  }

  /** The message a read is about, once its id has been accepted. */
  void message(MessageRef message) {
    this.message = message;
  }

  /** The answer's code: {@code ok}, a problem code, or {@code replayed}. */
  void code(String code) {
    this.code = code;
  }

  /** The provider's outcome turned into the answer, this request then recorded as {@code ok}. */
  <T, R> Uni<R> ok(Uni<T> outcome, Function<T, R> answer) {
    return outcome.map(
        result -> {
          code("ok");
          return answer.apply(result);
        });
  }

  /** The answer, once the caller has gone away no longer sending what is not yet sent. */
  <T> Uni<T> whileCallerWaits(Uni<T> answer) {
    return answer.onCancellation().invoke(trail::abandon);
  }

  CallTrail trail() {
    return trail;
  }

  String requestId() {
    return requestId;
  }

  /** The caller the filter settled on, or null when none was (a request outside /v1). */
  String caller() {
    return caller;
  }

  /** The message the request is about, or null when it never got that far. */
  MessageRef message() {
    return message;
  }

  /** The operation's wire name, or null when the request never got that far. */
  String operation() {
    Operation asked = operation;
    return asked == null ? null : asked.wireName();
  }

  /** The reaction's wire name, or null for a read or a request that never got that far. */
  String reaction() {
    return reaction;
  }

  String code() {
    return code;
  }

  long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }

  long elapsedMillis() {
    return elapsedNanos() / 1_000_000;
  }
}
