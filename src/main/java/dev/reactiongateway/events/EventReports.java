package dev.reactiongateway.events;

import java.time.Duration;

/**
 * What the event path reports, implemented by the metrics ({@code ops}). Labels are bounded sets:
 * provider names, outcomes, configured subscriber names; never ids or handles.
 */
public interface EventReports {

  /** Webhook outcomes, the {@code outcome} label. */
  enum Received {
    RECORDED,
    DUPLICATE,
    IGNORED,
    REJECTED,
    INVALID,
    UNAVAILABLE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One webhook delivery answered. */
  void webhook(String provider, Received outcome);

  /**
   * One delivery attempt to a subscriber ({@code outcome}: {@code delivered}, {@code failed} or
   * {@code timeout}).
   */
  void delivery(String subscriber, String outcome);

  /** Receipt to the subscriber's 2xx, for a delivered event. */
  void deliveryLag(String subscriber, Duration lag);

  /** An event given up for a subscriber after its maximum age. */
  void givenUp(String subscriber);
}
