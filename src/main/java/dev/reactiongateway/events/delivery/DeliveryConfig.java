package dev.reactiongateway.events.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.Secret;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code gateway.subscribers."<name>".*} and {@code gateway.delivery.*}: which internal services
 * receive recorded events, and how hard the gateway tries (docs/events.md, "Push delivery").
 */
@ConfigMapping(prefix = "gateway")
public interface DeliveryConfig {

  /** The subscribers by name; the name appears in logs and metrics. */
  Map<String, SubscriberConfig> subscribers();

  /** How events are delivered, for every subscriber. */
  Delivery delivery();

  /** One internal service receiving events. */
  interface SubscriberConfig {
    /** Where events are POSTed: http or https. */
    String url();

    /**
     * {@code whsec_<base64 of 24 to 64 bytes>}: the key the deliveries are signed with. A {@link
     * Secret}, so SmallRye Config hands it out through this mapping only, never through the plain
     * Config API (a config dump, the Dev UI).
     */
    Secret<String> secret();

    /** The event types delivered. */
    @WithDefault("reaction.added,reaction.removed")
    Set<String> types();

    /** The providers whose events are delivered; all when absent. */
    Optional<Set<String>> providers();
  }

  /** Timings and bounds of delivery. */
  interface Delivery {
    /** One attempt's bound: connecting, sending and the answer's status. */
    @WithDefault("10s")
    Duration timeout();

    /** How long after receipt an event is retried before it is given up for the subscriber. */
    @WithDefault("24h")
    Duration maxAge();

    /** How long a replica's hold on an event lasts unrenewed before another takes it over. */
    @WithDefault("30s")
    Duration lease();

    /** Attempts in flight at once, per subscriber and replica: the connection pool's size. */
    @WithDefault("16")
    int concurrency();

    /**
     * Events one replica holds per subscriber, in flight or waiting for a retry; beyond them it
     * takes no new events for that subscriber until some are done.
     */
    @WithDefault("1000")
    int maxPending();
  }
}
