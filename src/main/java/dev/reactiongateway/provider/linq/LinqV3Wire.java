package dev.reactiongateway.provider.linq;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.reactiongateway.core.Capability;
import dev.reactiongateway.core.CustomEmoji;
import dev.reactiongateway.core.MessageReactions;
import dev.reactiongateway.core.MessageRef;
import dev.reactiongateway.core.ProviderApi;
import dev.reactiongateway.core.ProviderReceipt;
import dev.reactiongateway.core.ReactionCommand;
import dev.reactiongateway.core.SendPermit;
import dev.reactiongateway.provider.UpstreamClient;
import dev.reactiongateway.provider.UpstreamClients;
import dev.reactiongateway.provider.UpstreamResponses;
import dev.reactiongateway.provider.UpstreamResponses.Success;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Linq's v3 API: UUID ids, the bearer key, any emoji on any part, added or removed, answered by an
 * acknowledgement; and the message read, which carries each part's reactions.
 */
final class LinqV3Wire implements LinqWire {

  static final String API_KEY_KEY = "gateway.linq.api-key";

  private final ProviderApi api;
  private final Optional<String> bearer;
  private final UpstreamClient<LinqApi> client;
  private final ObjectWriter requestWriter;
  private final Function<RestResponse<byte[]>, ProviderReceipt> acknowledgements;
  private final Function<RestResponse<byte[]>, MessageReactions> messages;

  LinqV3Wire(
      Optional<String> apiKey,
      UpstreamClient<LinqApi> client,
      ObjectMapper mapper,
      UpstreamResponses responses) {
    this.api =
        new ProviderApi(
            "v3",
            Set.of(
                Capability.REMOVE,
                Capability.CUSTOM_EMOJI,
                Capability.PART_INDEX,
                Capability.READ_REACTIONS),
            apiKey.isEmpty() ? Optional.of(API_KEY_KEY) : Optional.empty(),
            Optional.empty());
    this.bearer = apiKey.map(key -> "Bearer " + key);
    this.client = client;
    // An emoji outside the BMP goes out as its UTF-8 bytes, like every other character, rather
    // than as a pair of escaped UTF-16 surrogates (Jackson's default).
    this.requestWriter =
        mapper
            .writerFor(LinqV3ReactionRequest.class)
            .with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    this.acknowledgements =
        responses.decoder(LinqV3Acknowledgement.class, LinqV3Wire::acknowledged);
    this.messages =
        responses.decoder(
            LinqV3Message.class,
            (message, success) ->
                Optional.of(message.canonical(success.status(), success.traceId())));
  }

  @Override
  public ProviderApi api() {
    return api;
  }

  @Override
  public Uni<ProviderReceipt> send(ReactionCommand command, SendPermit permit) {
    boolean custom = command.reaction() instanceof CustomEmoji;
    byte[] body =
        UpstreamClients.body(
            requestWriter,
            new LinqV3ReactionRequest(
                command.operation().wireName(),
                custom ? "custom" : command.reaction().wireName(),
                custom ? command.reaction().wireName() : null,
                command.partIndex().isPresent() ? command.partIndex().getAsInt() : null));
    String id = command.message().id();
    return client
        .send(permit, linq -> linq.reactV3(id, bearer.orElseThrow(), command.requestId(), body))
        .map(acknowledgements);
  }

  /** Reads the reactions a v3 message carries now, one attempt behind {@code permit}. */
  Uni<MessageReactions> read(MessageRef message, String requestId, SendPermit permit) {
    return client
        .send(permit, linq -> linq.messageV3(message.id(), bearer.orElseThrow(), requestId))
        .map(messages);
  }

  /** An accepted reaction; the trace id from the header, else from the acknowledgement. */
  private static Optional<ProviderReceipt> acknowledged(
      LinqV3Acknowledgement answer, Success success) {
    if (!"accepted".equals(answer.status())) {
      return Optional.empty();
    }
    String traceId = Optional.ofNullable(success.traceId()).orElse(answer.traceId());
    return Optional.of(ProviderReceipt.of(success.status(), traceId));
  }
}
