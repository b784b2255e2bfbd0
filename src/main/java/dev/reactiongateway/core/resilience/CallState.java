package dev.reactiongateway.core.resilience;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Where one caller request stands between and during its attempts: IDLE (waiting for a permit or a
 * retry) → IN_FLIGHT (with the HTTP client, not yet written) → SENT (written) → IDLE; ABANDONED
 * once the caller is gone or has had its answer. A caller that goes while its attempt is SENT
 * leaves it SENT_THEN_ABANDONED: that attempt finishes, and no retry follows it.
 */
final class CallState {

  enum Stage {
    IDLE,
    IN_FLIGHT,
    SENT,
    SENT_THEN_ABANDONED,
    ABANDONED
  }

  private final AtomicReference<Stage> stage = new AtomicReference<>(Stage.IDLE);

  /** An attempt goes to the HTTP client; false when the caller is gone. */
  boolean start() {
    return stage.compareAndSet(Stage.IDLE, Stage.IN_FLIGHT);
  }

  /** The attempt is about to be written; false when the caller is gone. */
  boolean send() {
    return stage.compareAndSet(Stage.IN_FLIGHT, Stage.SENT);
  }

  /** Not written after all: back in flight, or abandoned if the caller left meanwhile. */
  void unsend() {
    if (!stage.compareAndSet(Stage.SENT, Stage.IN_FLIGHT)) {
      stage.set(Stage.ABANDONED);
    }
  }

  /** The attempt is over: idle again, or abandoned if the caller left while it was written. */
  void ended() {
    stage.updateAndGet(CallState::afterAttempt);
  }

  /** The caller is gone; answers where the call stood. */
  Stage abandon() {
    return stage.getAndUpdate(CallState::abandoned);
  }

  /** The deadline passed and nothing follows; answers where the call stood. */
  Stage expire() {
    return stage.getAndSet(Stage.ABANDONED);
  }

  private static Stage afterAttempt(Stage current) {
    return switch (current) {
      case IN_FLIGHT, SENT -> Stage.IDLE;
      case SENT_THEN_ABANDONED -> Stage.ABANDONED;
      case IDLE, ABANDONED -> current;
    };
  }

  private static Stage abandoned(Stage current) {
    return switch (current) {
      case SENT, SENT_THEN_ABANDONED -> Stage.SENT_THEN_ABANDONED;
      case IDLE, IN_FLIGHT, ABANDONED -> Stage.ABANDONED;
    };
  }
}
