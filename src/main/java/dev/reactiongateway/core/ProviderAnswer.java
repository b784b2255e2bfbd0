package dev.reactiongateway.core;

/**
 * What every successful provider answer tells the guard, whatever was asked: the provider's HTTP
 * status and trace id, for the request's summary.
 */
public interface ProviderAnswer {

  int status();

  /** The provider's trace id for the exchange, or null when it gave none. */
  String traceId();
}
