package dev.reactiongateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.events.EventReports;
import dev.reactiongateway.events.EventReports.Received;
import dev.reactiongateway.events.EventSignals;
import dev.reactiongateway.events.EventStore;
import dev.reactiongateway.events.EventsConfig;
import dev.reactiongateway.events.ReactionEvent;
import dev.reactiongateway.events.WebhookReceiver;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * {@code POST /webhooks/<provider>}: a provider's event, verified by that provider's {@link
 * WebhookReceiver}, mapped to the canonical event, serialized once and recorded. Outside {@code
 * /v1}: the provider's signature is the authentication. A 204 means the event is recorded (or was
 * already); a 5xx makes the provider deliver it again, so nothing is lost while the store is away.
 */
@Path(WebhookResource.PATH)
@Tag(name = "Events", description = "Reaction events received from providers, and read back.")
public class WebhookResource {

  static final String PATH = "/webhooks";

  private static final Logger LOG = Logger.getLogger("dev.reactiongateway.webhooks");
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final List<WebhookReceiver> receivers;
  private final EventStore store;
  private final EventSignals signals;
  private final EventReports reports;
  private final ObjectWriter writer;
  private final int maxRecording;
  private final AtomicInteger recording = new AtomicInteger();

  WebhookResource(
      Instance<WebhookReceiver> receivers,
      EventStore store,
      EventSignals signals,
      EventReports reports,
      EventsConfig config,
      ObjectMapper mapper) {
    this.receivers = receivers.stream().toList();
    this.store = store;
    this.signals = signals;
    this.reports = reports;
    this.writer = mapper.writerFor(ReactionEvent.class);
    this.maxRecording = config.maxRecording();
  }

  @POST
  @Path("/{provider}")
  @Operation(
      operationId = "receiveWebhook",
      summary = "Receive a provider's webhook",
      description =
          "Called by the provider, not by callers: verified by the provider's signature"
              + " (Standard Webhooks headers, or the provider's own legacy scheme), body at most"
              + " 64 KiB. Answers 204 when the event is recorded, was already recorded (a"
              + " redelivery), or is verified but not a reaction; 401 invalid_signature; 400"
              + " invalid_event; 413 payload_too_large; 503 event_store_unavailable with"
              + " Retry-After; 404 for a provider whose webhooks are not configured.")
  @APIResponse(responseCode = "204", description = "Recorded, already recorded, or ignored.")
  public Uni<Response> receive(
      @PathParam("provider") String provider, byte[] body, RoutingContext context) {
    Instant now = Instant.now();
    WebhookReceiver receiver = receiver(provider);
    MultiMap headers = context.request().headers();
    String unverified = receiver.verify(headers::get, body, now);
    if (unverified != null) {
      return Uni.createFrom()
          .failure(
              answered(
                  receiver,
                  null,
                  Received.REJECTED,
                  GatewayException.rejected(ErrorCode.INVALID_SIGNATURE, unverified),
                  context));
    }
    Optional<ReactionEvent> mapped;
    try {
      mapped = receiver.map(body, now);
    } catch (IllegalArgumentException notAnEvent) {
      return Uni.createFrom()
          .failure(
              answered(
                  receiver,
                  null,
                  Received.INVALID,
                  GatewayException.rejected(ErrorCode.INVALID_EVENT, notAnEvent.getMessage()),
                  context));
    }
    if (mapped.isEmpty()) {
      answered(receiver, null, Received.IGNORED, null, context);
      return Uni.createFrom().item(Response.noContent().build());
    }
    ReactionEvent event = mapped.get();
    if (recording.incrementAndGet() > maxRecording) {
      recording.decrementAndGet();
      return Uni.createFrom()
          .failure(
              unavailable(
                  receiver,
                  event,
                  "gateway.events.max-recording webhooks are being recorded; deliver it again",
                  context));
    }
    return store
        .record(event.id(), json(event))
        .onTermination()
        .invoke(recording::decrementAndGet)
        .map(
            recorded -> {
              if (!recorded.duplicate()) {
                signals.recorded(recorded.position());
              }
              answered(
                  receiver,
                  event,
                  recorded.duplicate() ? Received.DUPLICATE : Received.RECORDED,
                  null,
                  context);
              return Response.noContent().build();
            })
        .onFailure(failure -> !(failure instanceof GatewayException))
        .transform(
            failure -> {
              LOG.warnf(
                  "Event %s from %s not recorded: %s",
                  event.id(), receiver.provider(), failure.toString());
              return unavailable(
                  receiver, event, "the event could not be recorded; deliver it again", context);
            });
  }

  private GatewayException unavailable(
      WebhookReceiver receiver, ReactionEvent event, String detail, RoutingContext context) {
    return answered(
        receiver,
        event,
        Received.UNAVAILABLE,
        GatewayException.retryable(ErrorCode.EVENT_STORE_UNAVAILABLE, detail)
            .withRetryAfter(RETRY_AFTER),
        context);
  }

  private WebhookReceiver receiver(String provider) {
    for (WebhookReceiver receiver : receivers) {
      if (receiver.provider().equals(provider) && receiver.enabled()) {
        return receiver;
      }
    }
    throw GatewayException.rejected(ErrorCode.NOT_FOUND, "no webhooks are received at this path");
  }

  /** Counts and logs one answered webhook; answers {@code problem}, for chaining. */
  private GatewayException answered(
      WebhookReceiver receiver,
      ReactionEvent event,
      Received outcome,
      GatewayException problem,
      RoutingContext context) {
    reports.webhook(receiver.provider(), outcome);
    LOG.infof(
        "webhook provider=%s event=%s type=%s outcome=%s",
        receiver.provider(),
        event == null ? "-" : event.providerEventId(),
        event == null ? "-" : event.type(),
        outcome.label());
    RequestRecord record = RequestRecord.of(context);
    if (record != null && problem == null) {
      record.code(outcome.label());
    }
    return problem;
  }

  private byte[] json(ReactionEvent event) {
    try {
      return writer.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
