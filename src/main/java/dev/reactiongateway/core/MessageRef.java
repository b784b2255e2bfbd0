package dev.reactiongateway.core;

/** A message at one provider, by that provider's own (validated, canonical) id. */
public record MessageRef(Provider provider, String id) {

  /** Builds a reference from caller input, enforcing the provider's id rule. */
  public static MessageRef of(Provider provider, String rawId) {
    return new MessageRef(provider, provider.canonicalId(rawId));
  }
}
