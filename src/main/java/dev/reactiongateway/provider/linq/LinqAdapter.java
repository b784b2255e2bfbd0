package dev.reactiongateway.provider.linq;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.reactiongateway.core.Capability;
import dev.reactiongateway.core.CustomEmoji;
import dev.reactiongateway.core.MessageReactions;
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
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Linq behind the provider seam, with both of its APIs: v2 (integer ids, integration token, the six
 * tapbacks on a whole message) and v3 (UUID ids, bearer key, any emoji, any part). The message id
 * picks the API; either credential alone is enough, and a request for the API without one is
 * refused by the router before anything is sent.
 */
@Startup
@ApplicationScoped
class LinqAdapter implements ProviderAdapter {

  static final Provider LINQ = new Provider("linq");

  static final String TOKEN_KEY = "gateway.linq.integration-token";
  static final String API_KEY_KEY = "gateway.linq.api-key";

  private final LinqConfig config;
  private final Optional<String> token;
  private final Optional<String> bearer;
  private final ProviderApi v2;
  private final ProviderApi v3;
  private final UpstreamClient<LinqApi> client;
  private final ObjectWriter requestWriter;
  private final ObjectWriter v3RequestWriter;
  private final ObjectReader responseReader;
  private final ObjectReader acknowledgementReader;
  private final ObjectReader messageReader;
  private final UpstreamResponses responses;

  LinqAdapter(LinqConfig config, ObjectMapper mapper, UpstreamClients clients) {
    this.config = config;
    this.token = config.integrationToken();
    this.bearer = config.apiKey().map(key -> "Bearer " + key);
    if (token.isEmpty() && bearer.isEmpty()) {
      throw new IllegalStateException(
          "Linq has no credentials: set "
              + TOKEN_KEY
              + " (v2 API, integer message ids) or "
              + API_KEY_KEY
              + " (v3 API, UUID message ids), or both");
    }
    this.v2 =
        new ProviderApi(
            "v2",
            Set.of(Capability.REMOVE),
            token.isEmpty() ? Optional.of(TOKEN_KEY) : Optional.empty(),
            Optional.of("use the message's Linq v3 id (a UUID), which can"));
    this.v3 =
        new ProviderApi(
            "v3",
            Set.of(
                Capability.REMOVE,
                Capability.CUSTOM_EMOJI,
                Capability.PART_INDEX,
                Capability.READ_REACTIONS),
            bearer.isEmpty() ? Optional.of(API_KEY_KEY) : Optional.empty(),
            Optional.empty());
    this.requestWriter = mapper.writerFor(LinqReactionRequest.class);
    // An emoji outside the BMP goes out as its UTF-8 bytes, like every other character, rather
    // than as a pair of escaped UTF-16 surrogates (Jackson's default).
    this.v3RequestWriter =
        mapper
            .writerFor(LinqV3ReactionRequest.class)
            .with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    this.responseReader = mapper.readerFor(LinqReactionResponse.class);
    this.acknowledgementReader = mapper.readerFor(LinqV3Acknowledgement.class);
    this.messageReader = mapper.readerFor(LinqV3Message.class);
    this.responses = new UpstreamResponses(LINQ, mapper, code -> false);
    this.client =
        clients.build(
            LinqApi.class,
            "gateway.linq.base-url",
            config.baseUrl(),
            config.allowHttp(),
            config.policy(),
            responses);
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
        .map(id -> new MessageRef(LINQ, id, v2))
        .or(() -> LinqMessageIds.v3(rawId).map(id -> new MessageRef(LINQ, id, v3)))
        .orElseThrow(LinqMessageIds::invalid);
  }

  @Override
  public Uni<ProviderReceipt> send(ReactionCommand command, SendPermit permit) {
    boolean isV3 = command.message().api().equals(v3);
    byte[] body = isV3 ? v3Body(command) : v2Body(command);
    String id = command.message().id();
    return client
        .send(
            permit,
            api ->
                isV3
                    ? api.reactV3(id, bearer.orElseThrow(), command.requestId(), body)
                    : api.react(id, token.orElseThrow(), command.requestId(), body))
        .map(isV3 ? this::acknowledgement : this::receipt);
  }

  /** Only v3 messages come here: v2 does not declare {@link Capability#READ_REACTIONS}. */
  @Override
  public Uni<MessageReactions> read(MessageRef message, String requestId, SendPermit permit) {
    return client
        .send(permit, api -> api.messageV3(message.id(), bearer.orElseThrow(), requestId))
        .map(this::reactions);
  }

  private MessageReactions reactions(RestResponse<byte[]> response) {
    if (!UpstreamResponses.isSuccess(response)) {
      throw responses.errorStatus(response);
    }
    try {
      LinqV3Message message = messageReader.readValue(UpstreamResponses.body(response));
      if (message != null) {
        return message.canonical(response.getStatus(), UpstreamResponses.traceId(response));
      }
    } catch (IOException | RuntimeException unreadable) {
      // answered below
    }
    throw responses.unexpectedResponse(response);
  }

  private byte[] v2Body(ReactionCommand command) {
    return UpstreamClients.body(
        requestWriter,
        new LinqReactionRequest(command.reaction().wireName(), command.operation().wireName()));
  }

  private byte[] v3Body(ReactionCommand command) {
    boolean custom = command.reaction() instanceof CustomEmoji;
    return UpstreamClients.body(
        v3RequestWriter,
        new LinqV3ReactionRequest(
            command.operation().wireName(),
            custom ? "custom" : command.reaction().wireName(),
            custom ? command.reaction().wireName() : null,
            command.partIndex().isPresent() ? command.partIndex().getAsInt() : null));
  }

  private ProviderReceipt acknowledgement(RestResponse<byte[]> response) {
    if (!UpstreamResponses.isSuccess(response)) {
      throw responses.errorStatus(response);
    }
    try {
      LinqV3Acknowledgement answer =
          acknowledgementReader.readValue(UpstreamResponses.body(response));
      if (answer != null && "accepted".equals(answer.status())) {
        String traceId =
            Optional.ofNullable(UpstreamResponses.traceId(response)).orElse(answer.traceId());
        return ProviderReceipt.of(response.getStatus(), traceId);
      }
    } catch (IOException | RuntimeException unreadable) {
      // answered below
    }
    throw responses.unexpectedResponse(response);
  }

  private ProviderReceipt receipt(RestResponse<byte[]> response) {
    if (!UpstreamResponses.isSuccess(response)) {
      throw responses.errorStatus(response);
    }
    byte[] entity = UpstreamResponses.body(response);
    String traceId = UpstreamResponses.traceId(response);
    if (entity == null || entity.length == 0) {
      return ProviderReceipt.of(response.getStatus(), traceId);
    }
    try {
      LinqReactionResponse answer = responseReader.readValue(entity);
      if (answer != null && answer.data() != null) {
        LinqReactionResponse.Data data = answer.data();
        String reactionId = data.id() == null || data.id().isNull() ? null : data.id().asText();
        return new ProviderReceipt(
            response.getStatus(), traceId, reactionId, validTimestamp(data.sentAt()));
      }
    } catch (IOException | RuntimeException unreadable) {
      // answered below
    }
    throw responses.unexpectedResponse(response);
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
