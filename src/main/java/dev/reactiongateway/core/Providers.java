package dev.reactiongateway.core;

import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of adapters, one per provider, as each declares itself ({@link ProviderAdapter}):
 * what a caller may name, each one's reading of a message id, and the adapter the router sends
 * through. Knows no provider by name.
 */
@ApplicationScoped
public class Providers {

  private final Map<Provider, ProviderAdapter> adapters;
  private final List<Provider> all;

  public Providers(@All List<ProviderAdapter> adapters) {
    this.adapters =
        adapters.stream()
            .collect(Collectors.toUnmodifiableMap(ProviderAdapter::provider, Function.identity()));
    this.all =
        this.adapters.keySet().stream().sorted(Comparator.comparing(Provider::wireName)).toList();
  }

  /** Every registered provider, by name. */
  public List<Provider> all() {
    return all;
  }

  /** The provider a caller named, case-insensitively and ignoring surrounding space. */
  public Optional<Provider> parse(String raw) {
    String name = raw.strip().toLowerCase(Locale.ROOT);
    return all.stream().filter(provider -> provider.wireName().equals(name)).findFirst();
  }

  /** Whether the provider's message ids may also be sent as JSON integers. */
  public boolean acceptsIntegerIds(Provider provider) {
    return adapter(provider).acceptsIntegerIds();
  }

  /** The adapter's reading of a caller's message id (its id rule and the API serving it). */
  public MessageRef message(Provider provider, String rawId) {
    return adapter(provider).message(rawId);
  }

  /** The registered provider's adapter. */
  public ProviderAdapter adapter(Provider provider) {
    return adapters.get(provider);
  }
}
