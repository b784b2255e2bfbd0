package dev.reactiongateway.provider.linq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.reactiongateway.core.Capability;
import dev.reactiongateway.core.ProviderApi;
import dev.reactiongateway.core.ProviderReceipt;
import dev.reactiongateway.core.ReactionCommand;
import dev.reactiongateway.core.SendPermit;
import dev.reactiongateway.provider.UpstreamClient;
import dev.reactiongateway.provider.UpstreamClients;
import dev.reactiongateway.provider.UpstreamResponses;
import dev.reactiongateway.provider.UpstreamResponses.Success;
import io.smallrye.mutiny.Uni;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Linq's v2 API ("React to Message", legacy): integer ids, the integration token, the six tapbacks
 * added to or removed from a whole message; its answer may carry the reaction's id and time, or no
 * body at all.
 */
final class LinqV2Wire implements LinqWire {

  static final String TOKEN_KEY = "gateway.linq.integration-token";

  private final ProviderApi api;
  private final Optional<String> token;
  private final UpstreamClient<LinqApi> client;
  private final ObjectWriter requestWriter;
  private final Function<RestResponse<byte[]>, ProviderReceipt> receipts;

  LinqV2Wire(
      Optional<String> token,
      UpstreamClient<LinqApi> client,
      ObjectMapper mapper,
      UpstreamResponses responses) {
    this.api =
        new ProviderApi(
            "v2",
            Set.of(Capability.REMOVE),
            token.isEmpty() ? Optional.of(TOKEN_KEY) : Optional.empty(),
            Optional.of("use the message's Linq v3 id (a UUID), which can"));
    this.token = token;
    this.client = client;
    this.requestWriter = mapper.writerFor(LinqReactionRequest.class);
    this.receipts =
        responses.decoder(
            LinqReactionResponse.class,
            LinqV2Wire::receipt,
            success -> Optional.of(success.receipt()));
  }

  @Override
  public ProviderApi api() {
    return api;
  }

  @Override
  public Uni<ProviderReceipt> send(ReactionCommand command, SendPermit permit) {
    byte[] body =
        UpstreamClients.body(
            requestWriter,
            new LinqReactionRequest(command.reaction().wireName(), command.operation().wireName()));
    String id = command.message().id();
    return client
        .send(permit, linq -> linq.react(id, token.orElseThrow(), command.requestId(), body))
        .map(receipts);
  }

  private static Optional<ProviderReceipt> receipt(LinqReactionResponse answer, Success success) {
    LinqReactionResponse.Data data = answer.data();
    if (data == null) {
      return Optional.empty();
    }
    String reactionId = data.id() == null || data.id().isNull() ? null : data.id().asText();
    return Optional.of(
        new ProviderReceipt(
            success.status(), success.traceId(), reactionId, validTimestamp(data.sentAt())));
  }

  private static String validTimestamp(String sentAt) {
    if (sentAt == null) {
      return null;
    }
    try {
      OffsetDateTime.parse(sentAt);
      return sentAt;
    } catch (DateTimeParseException notATimestamp) {
      return null;
    }
  }
}
