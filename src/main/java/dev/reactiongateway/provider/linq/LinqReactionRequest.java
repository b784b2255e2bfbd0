package dev.reactiongateway.provider.linq;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Linq's request body: {@code {"type":"love","operation":"add"}}. */
@RegisterForReflection
record LinqReactionRequest(String type, String operation) {}
