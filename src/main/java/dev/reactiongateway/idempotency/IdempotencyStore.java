package dev.reactiongateway.idempotency;

import io.smallrye.mutiny.Uni;

/**
 * Keeps {@code Idempotency-Key} claims and outcomes. Each operation is a single atomic step in the
 * store, so two replicas racing on one key cannot both win.
 */
public interface IdempotencyStore {

  /** Claims {@code key} for a request with this fingerprint, or reports who holds it. */
  Uni<Claim> claim(String key, String fingerprint);

  /**
   * Records, before the first upstream write, that an attempt may be written: should the owner
   * vanish from now on, the key resolves to {@code ifLapsed} instead of being freed. Fails when
   * {@code claim} no longer holds the key, so that nothing is sent.
   */
  Uni<Void> markWritten(Claim claim, StoredAnswer ifLapsed);

  /** Replaces the owner's claim with the final answer, kept for the retention window. */
  Uni<Void> complete(Claim claim, String fingerprint, StoredAnswer answer);

  /** Frees the owner's claim so that a retry can go through. */
  Uni<Void> release(Claim claim);

  /** Succeeds when the store can be used right now. */
  Uni<Void> ping();
}
