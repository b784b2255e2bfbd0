package dev.reactiongateway.provider;

import dev.reactiongateway.core.SendPermit;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;

/**
 * A provider's REST client, reachable only through its send gate: every request is issued so that
 * it is written only if its attempt's {@link SendPermit} still allows it at the last moment ({@link
 * SendGates}), and every failure arrives as a {@link dev.reactiongateway.core.ProviderFailure}.
 * Built by {@link UpstreamClients}.
 */
public final class UpstreamClient<T> {

  private final T api;
  private final SendGates gates;
  private final UpstreamResponses responses;

  UpstreamClient(T api, SendGates gates, UpstreamResponses responses) {
    this.api = api;
    this.gates = gates;
    this.responses = responses;
  }

  /**
   * One attempt: {@code request} is applied to the REST client afresh on each subscription (so a
   * request signed there is signed per attempt), behind {@code permit}.
   */
  public <R> Uni<R> send(SendPermit permit, Function<T, Uni<R>> request) {
    return gates
        .gated(permit, () -> Uni.createFrom().deferred(() -> request.apply(api)))
        .onFailure()
        .transform(responses::transportFailure);
  }
}
