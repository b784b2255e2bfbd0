package dev.reactiongateway.api;

import dev.reactiongateway.core.CallTrail;
import dev.reactiongateway.core.ReactionCommand;
import io.vertx.ext.web.RoutingContext;

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
  private volatile ReactionCommand command;
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
    this.command = command;
  }

  /** The answer's code: {@code ok}, a problem code, or {@code replayed}. */
  void code(String code) {
    this.code = code;
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

  ReactionCommand command() {
    return command;
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
