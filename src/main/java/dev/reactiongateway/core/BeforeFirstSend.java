package dev.reactiongateway.core;

import io.smallrye.mutiny.Uni;

/**
 * A step that must succeed before a request's first attempt is handed to its provider's adapter, so
 * before anything can be written upstream; if it fails, nothing is sent and its failure is the
 * request's answer. Passed by the resource through {@link ReactionRouter#route} to the provider's
 * guard, which runs it once, within the request's deadline: an idempotency key's claim records
 * there that an attempt may be written.
 */
@FunctionalInterface
public interface BeforeFirstSend {

  /** No step: a request without an idempotency key, or a read. */
  BeforeFirstSend NOTHING = () -> Uni.createFrom().voidItem();

  Uni<Void> run();
}
