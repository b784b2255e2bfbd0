package dev.reactiongateway.provider.linq;

import dev.reactiongateway.core.ProviderApi;
import dev.reactiongateway.core.ProviderReceipt;
import dev.reactiongateway.core.ReactionCommand;
import dev.reactiongateway.core.SendPermit;
import io.smallrye.mutiny.Uni;

/**
 * One of Linq's APIs on the wire: what it declares it can do, its credential, request bodies and
 * answers. {@link LinqAdapter} picks one by the message's API.
 */
sealed interface LinqWire permits LinqV2Wire, LinqV3Wire {

  /** The API as the router sees it, with the configuration key to set when it has no credential. */
  ProviderApi api();

  /** Sends one attempt of a command for one of this API's messages, as the adapter's seam does. */
  Uni<ProviderReceipt> send(ReactionCommand command, SendPermit permit);
}
