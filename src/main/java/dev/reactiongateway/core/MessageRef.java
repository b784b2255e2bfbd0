package dev.reactiongateway.core;

/**
 * A message at one provider, by that provider's own (validated, canonical) id, and the provider API
 * that serves it. Built only by the provider's adapter ({@link ProviderAdapter#message}).
 */
public record MessageRef(Provider provider, String id, ProviderApi api) {}
