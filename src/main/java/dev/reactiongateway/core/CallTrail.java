package dev.reactiongateway.core;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * What happened upstream during one caller request, for its summary log line and metrics: attempts
 * made, the provider's last HTTP status and trace id. Written by the request's own attempts one
 * after another; read once when the answer is sent.
 */
public final class CallTrail {

  private volatile int attempts;
  private volatile int upstreamStatus;
  private volatile String providerTraceId;
  private volatile Runnable onAbandon = () -> {};
  private volatile boolean abandoned;
  private volatile Supplier<Uni<Void>> beforeFirstSend = () -> Uni.createFrom().voidItem();

  public void attempted() {
    attempts++;
  }

  public void answered(int status, String traceId) {
    upstreamStatus = status;
    if (traceId != null) {
      providerTraceId = traceId;
    }
  }

  /**
   * Registers a step that must succeed before the request's first attempt is handed to the
   * provider's adapter (so before anything can be written upstream); if it fails, nothing is sent
   * and its failure is the request's answer. An idempotency claim records there that an attempt may
   * be written.
   */
  public void beforeFirstSend(Supplier<Uni<Void>> step) {
    beforeFirstSend = step;
  }

  /** Runs the step registered with {@link #beforeFirstSend}; the guard calls it once. */
  public Uni<Void> readyToSend() {
    return beforeFirstSend.get();
  }

  /** Registers what to do when the caller goes away (the guard stops sending). */
  public void onAbandon(Runnable action) {
    onAbandon = action;
    if (abandoned) {
      action.run();
    }
  }

  /** The caller went away: no attempt that has not been sent yet will be. */
  public void abandon() {
    abandoned = true;
    onAbandon.run();
  }

  public int attempts() {
    return attempts;
  }

  /** The provider's last HTTP status, or 0 when it never answered. */
  public int upstreamStatus() {
    return upstreamStatus;
  }

  public String providerTraceId() {
    return providerTraceId;
  }
}
