package dev.reactiongateway.provider.linq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.ProviderAdapter;
import dev.reactiongateway.core.ProviderReceipt;
import dev.reactiongateway.core.ReactionCommand;
import dev.reactiongateway.core.SendPermit;
import dev.reactiongateway.core.resilience.ProviderPolicy;
import dev.reactiongateway.provider.SendGates;
import dev.reactiongateway.provider.UpstreamClients;
import dev.reactiongateway.provider.UpstreamResponses;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jboss.resteasy.reactive.RestResponse;

/** Linq behind the provider seam: integration-token auth, {@code {"type","operation"}} bodies. */
@Startup
@ApplicationScoped
class LinqAdapter implements ProviderAdapter {

  private final LinqConfig config;
  private final String token;
  private final LinqApi api;
  private final ObjectWriter requestWriter;
  private final ObjectReader responseReader;
  private final UpstreamResponses responses;
  private final SendGates gates;

  LinqAdapter(LinqConfig config, ObjectMapper mapper, SendGates gates) {
    this.gates = gates;
    this.config = config;
    this.token =
        config
            .integrationToken()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Linq has no credentials: set gateway.linq.integration-token"));
    this.api =
        UpstreamClients.build(
            LinqApi.class,
            "gateway.linq.base-url",
            config.baseUrl(),
            config.allowHttp(),
            config.policy());
    this.requestWriter = mapper.writerFor(LinqReactionRequest.class);
    this.responseReader = mapper.readerFor(LinqReactionResponse.class);
    this.responses = new UpstreamResponses(Provider.LINQ, mapper, code -> false);
  }

  @Override
  public Provider provider() {
    return Provider.LINQ;
  }

  @Override
  public ProviderPolicy policy() {
    return config.policy();
  }

  @Override
  public boolean supports(Operation operation) {
    return true;
  }

  @Override
  public Uni<ProviderReceipt> send(ReactionCommand command, SendPermit permit) {
    byte[] body =
        UpstreamClients.body(
            requestWriter,
            new LinqReactionRequest(command.reaction().wireName(), command.operation().wireName()));
    return Uni.createFrom()
        .deferred(
            () ->
                gates.gated(
                    permit,
                    () -> api.react(command.message().id(), token, command.requestId(), body)))
        .onFailure()
        .transform(responses::transportFailure)
        .map(this::receipt);
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
        String id = data.id() == null || data.id().isNull() ? null : data.id().asText();
        return new ProviderReceipt(
            response.getStatus(), traceId, id, validTimestamp(data.sentAt()));
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
