package dev.reactiongateway.core;

/**
 * Asked once per attempt at the last moment before its request is written (a connection has been
 * granted): true means "write it", false means the caller is gone or the deadline passed, so the
 * attempt must not be sent. This is how the gateway knows for certain whether an abandoned attempt
 * reached the provider.
 */
@FunctionalInterface
public interface SendPermit {

  /** Takes the permit: true once, at most, per attempt; the attempt is written only then. */
  boolean take();
}
