package dev.reactiongateway.core;

/** A command that the provider accepted, with what the provider returned. */
public record ReactionOutcome(ReactionCommand command, ProviderReceipt receipt) {}
