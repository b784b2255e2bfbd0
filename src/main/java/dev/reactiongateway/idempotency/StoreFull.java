package dev.reactiongateway.idempotency;

/**
 * A new key cannot be claimed because the store's bound is taken by keys it must not forget (claims
 * still in flight); the request is refused rather than run without the guarantee.
 */
final class StoreFull extends RuntimeException {

  StoreFull(long bound) {
    super("all " + bound + " idempotency keys are held by requests in flight", null, false, false);
  }
}
