package dev.reactiongateway.provider.chert;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Chert's request body: {@code {"reaction":"love"}}. */
@RegisterForReflection
record ChertReactRequest(String reaction) {}
