package dev.reactiongateway.idempotency;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A final answer as the caller received it: replayed verbatim for the same key and request. */
@RegisterForReflection
public record StoredAnswer(int status, String body, Long retryAfterSeconds) {}
