package dev.reactiongateway.core;

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

  public void attempted() {
    attempts++;
  }

  public void answered(int status, String traceId) {
    upstreamStatus = status;
    if (traceId != null) {
      providerTraceId = traceId;
    }
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
