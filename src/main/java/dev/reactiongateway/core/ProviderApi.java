package dev.reactiongateway.core;

import java.util.Optional;
import java.util.Set;

/**
 * One API of a provider, as its adapter declares it: a bounded version label (metrics, logs), the
 * capabilities it has, and, when the gateway has no credentials for it, the key to set.
 *
 * @param version e.g. {@code v2}; the same small set of values on every request
 * @param capabilities what this API can do beyond adding a tapback
 * @param missingCredential the configuration key to set, when this API has no credentials
 * @param otherwise where a caller can find what this API lacks, e.g. another API of the provider
 */
public record ProviderApi(
    String version,
    Set<Capability> capabilities,
    Optional<String> missingCredential,
    Optional<String> otherwise) {

  public ProviderApi {
    capabilities = Set.copyOf(capabilities);
  }

  public boolean supports(Capability capability) {
    return capabilities.contains(capability);
  }
}
