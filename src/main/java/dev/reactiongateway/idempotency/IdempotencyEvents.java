package dev.reactiongateway.idempotency;

/** What {@link Idempotency} reports as it works, for metrics; implemented outside this package. */
public interface IdempotencyEvents {

  /**
   * A keyed request that did not run as the key's first: {@code result} is {@code replayed}, {@code
   * in_flight}, {@code reused}, {@code store_full}, {@code store_unavailable} or {@code
   * store_not_replicated}.
   */
  void idempotency(String result);
}
