package dev.reactiongateway.core;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Who reacted: a phone number or email, and the messaging service, when known. A customer's
 * personal data: never logged or used as a metric label.
 */
@RegisterForReflection
public record Handle(String handle, String service) {}
