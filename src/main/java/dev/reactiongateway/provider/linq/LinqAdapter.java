package dev.reactiongateway.provider.linq;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.core.Capability;
import dev.reactiongateway.core.MessageReactions;
import dev.reactiongateway.core.MessageRef;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderAdapter;
import dev.reactiongateway.core.ProviderReceipt;
import dev.reactiongateway.core.ReactionCommand;
import dev.reactiongateway.core.SendPermit;
import dev.reactiongateway.core.resilience.ProviderPolicy;
import dev.reactiongateway.provider.UpstreamClient;
import dev.reactiongateway.provider.UpstreamClients;
import dev.reactiongateway.provider.UpstreamResponses;
import io.quarkus.runtime.Startup;
import io.smallrye.config.Secret;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Linq behind the provider seam, with both of its APIs, each on the wire in its own class: v2
 * ({@link LinqV2Wire}) and v3 ({@link LinqV3Wire}). The message id picks the API; either credential
 * alone is enough, and a request for the API without one is refused by the router before anything
 * is sent.
 */
@Startup
@ApplicationScoped
class LinqAdapter implements ProviderAdapter {

  static final Provider LINQ = new Provider("linq");

  private final LinqConfig config;
  private final LinqV2Wire v2;
  private final LinqV3Wire v3;

  LinqAdapter(LinqConfig config, ObjectMapper mapper, UpstreamClients clients) {
    this.config = config;
    Optional<String> integrationToken = config.integrationToken().map(Secret::get);
    Optional<String> apiKey = config.apiKey().map(Secret::get);
    if (integrationToken.isEmpty() && apiKey.isEmpty()) {
      throw new IllegalStateException(
          "Linq has no credentials: set "
              + LinqV2Wire.TOKEN_KEY
              + " (v2 API, integer message ids) or "
              + LinqV3Wire.API_KEY_KEY
              + " (v3 API, UUID message ids), or both");
    }
    UpstreamResponses responses = new UpstreamResponses(LINQ, mapper, code -> false);
    UpstreamClient<LinqApi> client =
        clients.build(
            LinqApi.class,
            "gateway.linq.base-url",
            config.baseUrl(),
            config.allowHttp(),
            config.policy(),
            responses);
    this.v2 = new LinqV2Wire(integrationToken, client, mapper, responses);
    this.v3 = new LinqV3Wire(apiKey, client, mapper, responses);
  }

  @Override
  public Provider provider() {
    return LINQ;
  }

  /** Linq's v2 ids are integers, so a JSON integer is one too. */
  @Override
  public boolean acceptsIntegerIds() {
    return true;
  }

  @Override
  public ProviderPolicy policy() {
    return config.policy();
  }

  @Override
  public MessageRef message(String rawId) {
    return LinqMessageIds.v2(rawId)
        .map(id -> new MessageRef(LINQ, id, v2.api()))
        .or(() -> LinqMessageIds.v3(rawId).map(id -> new MessageRef(LINQ, id, v3.api())))
        .orElseThrow(LinqMessageIds::invalid);
  }

  @Override
  public Uni<ProviderReceipt> send(ReactionCommand command, SendPermit permit) {
    return wire(command.message()).send(command, permit);
  }

  /** Only v3 messages come here: v2 does not declare {@link Capability#READ_REACTIONS}. */
  @Override
  public Uni<MessageReactions> read(MessageRef message, String requestId, SendPermit permit) {
    return v3.read(message, requestId, permit);
  }

  private LinqWire wire(MessageRef message) {
    return message.api().equals(v3.api()) ? v3 : v2;
  }
}
