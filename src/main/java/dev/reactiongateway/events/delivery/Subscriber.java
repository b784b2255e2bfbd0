package dev.reactiongateway.events.delivery;

import dev.reactiongateway.events.ReactionEvent;
import dev.reactiongateway.events.StandardWebhooks;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * A configured subscriber, checked at startup: errors name the subscriber and the key, never the
 * secret.
 *
 * @param providers the providers selected; empty for all
 */
record Subscriber(String name, URI url, byte[] key, Set<String> types, Set<String> providers) {

  static final int MIN_KEY_BYTES = 24;
  static final int MAX_KEY_BYTES = 64;
  private static final Set<String> TYPES = Set.of(ReactionEvent.ADDED, ReactionEvent.REMOVED);

  /** Whether the subscriber receives events of this type from this provider. */
  boolean selects(String type, String provider) {
    return types.contains(type) && (providers.isEmpty() || providers.contains(provider));
  }

  /**
   * Checks one subscriber's configuration.
   *
   * @param knownProviders the providers the gateway has, by wire name
   * @throws IllegalStateException naming the subscriber and the key at fault
   */
  static Subscriber of(
      String name, DeliveryConfig.SubscriberConfig config, Collection<String> knownProviders) {
    String prefix = "gateway.subscribers.\"" + name + "\".";
    URI url = url(prefix + "url", config.url());
    byte[] key;
    try {
      key = StandardWebhooks.key(config.secret().get());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(prefix + "secret is not valid: " + e.getMessage());
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new IllegalStateException(
          prefix
              + "secret is not valid: its base64 part must decode to "
              + MIN_KEY_BYTES
              + " to "
              + MAX_KEY_BYTES
              + " random bytes");
    }
    Set<String> types = Set.copyOf(config.types());
    if (types.isEmpty() || !TYPES.containsAll(types)) {
      throw new IllegalStateException(
          prefix + "types must list reaction.added and/or reaction.removed");
    }
    Set<String> providers =
        config.providers().map(Set::copyOf).orElse(Set.of()).stream()
            .map(provider -> provider.strip().toLowerCase(Locale.ROOT))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    if (!knownProviders.containsAll(providers)) {
      throw new IllegalStateException(
          prefix + "providers must name providers of the gateway: " + knownProviders);
    }
    return new Subscriber(name, url, key, types, providers);
  }

  private static URI url(String key, String raw) {
    URI url;
    try {
      url = new URI(raw.strip());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(key + " is not a URL");
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || url.getHost() == null
        || url.getUserInfo() != null
        || url.getFragment() != null) {
      throw new IllegalStateException(
          key + " must be an http(s) URL with a host and no user info or fragment");
    }
    return url;
  }
}
