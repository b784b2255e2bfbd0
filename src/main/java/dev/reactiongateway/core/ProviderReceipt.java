package dev.reactiongateway.core;

/**
 * What a provider told us on success: its HTTP status and trace id, and the reaction's id and time
 * when the provider returns them (null otherwise).
 */
public record ProviderReceipt(int status, String traceId, String providerReactionId, String sentAt)
    implements ProviderAnswer {

  public static ProviderReceipt of(int status, String traceId) {
    return new ProviderReceipt(status, traceId, null, null);
  }
}
