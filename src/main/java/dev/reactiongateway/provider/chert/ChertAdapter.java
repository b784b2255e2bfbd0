package dev.reactiongateway.provider.chert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.reactiongateway.core.MessageRef;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderAdapter;
import dev.reactiongateway.core.ProviderApi;
import dev.reactiongateway.core.ProviderReceipt;
import dev.reactiongateway.core.ReactionCommand;
import dev.reactiongateway.core.SendPermit;
import dev.reactiongateway.core.resilience.ProviderPolicy;
import dev.reactiongateway.provider.UpstreamClient;
import dev.reactiongateway.provider.UpstreamClients;
import dev.reactiongateway.provider.UpstreamResponses;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Chert behind the provider seam: HMAC v1 (or bearer) authentication, {@code {"reaction":…}}
 * bodies, and the six tapbacks added to a whole message only (Chert documents no removal, no other
 * emoji and no parts).
 */
@Startup
@ApplicationScoped
class ChertAdapter implements ProviderAdapter {

  static final Provider CHERT = new Provider("chert");

  /** Chert's "delivery failed downstream" error code. */
  static final String DELIVERY_FAILED = "4001";

  /** Chert's one API, {@code /api/v1}; its credentials are checked at startup. */
  static final ProviderApi V1 = new ProviderApi("v1", Set.of(), Optional.empty(), Optional.empty());

  private final ChertConfig config;
  private final ChertAuthentication authentication;
  private final UpstreamClient<ChertApi> client;
  private final ObjectWriter requestWriter;
  private final Function<RestResponse<byte[]>, ProviderReceipt> receipts;

  ChertAdapter(ChertConfig config, ObjectMapper mapper, UpstreamClients clients) {
    this.config = config;
    this.authentication = ChertAuthentication.from(config);
    this.requestWriter = mapper.writerFor(ChertReactRequest.class);
    UpstreamResponses responses = new UpstreamResponses(CHERT, mapper, DELIVERY_FAILED::equals);
    this.receipts =
        responses.decoder(
            ChertReactResponse.class,
            (answer, success) ->
                "sent".equals(answer.status()) ? Optional.of(success.receipt()) : Optional.empty());
    this.client =
        clients.build(
            ChertApi.class,
            "gateway.chert.base-url",
            config.baseUrl(),
            config.allowHttp(),
            config.policy(),
            responses);
  }

  @Override
  public Provider provider() {
    return CHERT;
  }

  /** Chert takes its ids as strings only. */
  @Override
  public boolean acceptsIntegerIds() {
    return false;
  }

  @Override
  public ProviderPolicy policy() {
    return config.policy();
  }

  @Override
  public MessageRef message(String rawId) {
    return new MessageRef(CHERT, ChertMessageIds.canonical(rawId), V1);
  }

  @Override
  public Uni<ProviderReceipt> send(ReactionCommand command, SendPermit permit) {
    byte[] body =
        UpstreamClients.body(requestWriter, new ChertReactRequest(command.reaction().wireName()));
    return client
        .send(
            permit,
            api -> {
              // Signed per attempt: Chert wants a fresh timestamp and never a reused signature.
              ChertAuthentication.Headers auth =
                  authentication.headersFor(Instant.now().getEpochSecond(), body);
              return api.react(
                  command.message().id(),
                  auth.tenant(),
                  auth.signature(),
                  auth.authorization(),
                  command.requestId(),
                  body);
            })
        .map(receipts);
  }
}
