package dev.reactiongateway.api;

import dev.reactiongateway.core.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the served OpenAPI document with what annotations cannot say: from {@link ErrorCode},
 * the single source of the problem codes, the {@code code} enumeration and one problem+json
 * response per status listing its codes (for a read, those it can answer), with their headers; the
 * request's "reaction or type" rule; the bearer scheme and the server; the {@code X-Request-Id}
 * parameter, described once for every operation that reads it.
 */
public class OpenApiProblems implements OASFilter {

  private static final String PROBLEM_REF = "#/components/schemas/Problem";

  /** What only the event paths answer: a send or a read of a message never does. */
  private static final EnumSet<ErrorCode> EVENTS_ONLY =
      EnumSet.of(
          ErrorCode.INVALID_EVENT,
          ErrorCode.INVALID_SIGNATURE,
          ErrorCode.CURSOR_EXPIRED,
          ErrorCode.EVENT_STORE_UNAVAILABLE);

  /**
   * What a read of a message's reactions can never answer: it has no body, no idempotency key, and
   * is not an event.
   */
  private static final EnumSet<ErrorCode> NOT_FOR_READS =
      union(
          EVENTS_ONLY,
          EnumSet.of(
              ErrorCode.INVALID_JSON,
              ErrorCode.INVALID_REACTION,
              ErrorCode.IDEMPOTENCY_KEY_IN_FLIGHT,
              ErrorCode.IDEMPOTENCY_KEY_REUSED,
              ErrorCode.IDEMPOTENCY_STORE_UNAVAILABLE,
              ErrorCode.PAYLOAD_TOO_LARGE,
              ErrorCode.UNSUPPORTED_MEDIA_TYPE,
              ErrorCode.PROVIDER_DELIVERY_FAILED));

  /** What a read of recorded events answers. */
  private static final EnumSet<ErrorCode> EVENT_READS =
      EnumSet.of(
          ErrorCode.INVALID_REQUEST,
          ErrorCode.UNAUTHORIZED,
          ErrorCode.NOT_ACCEPTABLE,
          ErrorCode.CURSOR_EXPIRED,
          ErrorCode.RATE_LIMITED,
          ErrorCode.INTERNAL_ERROR,
          ErrorCode.EVENT_STORE_UNAVAILABLE);

  /** What a provider's webhook is answered. */
  private static final EnumSet<ErrorCode> WEBHOOKS =
      EnumSet.of(
          ErrorCode.INVALID_EVENT,
          ErrorCode.INVALID_SIGNATURE,
          ErrorCode.NOT_FOUND,
          ErrorCode.PAYLOAD_TOO_LARGE,
          ErrorCode.INTERNAL_ERROR,
          ErrorCode.EVENT_STORE_UNAVAILABLE);

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    openApi.addServer(
        OASFactory.createServer()
            .url("/")
            .description("The gateway serving this document (dev mode: http://localhost:8080)."));
    // Inside allOf, with the property in each branch, so that generators intersect the branches
    // with the fields instead of offering them as alternatives.
    openApi
        .getComponents()
        .getSchemas()
        .get("ReactionRequest")
        .addAllOf(
            OASFactory.createSchema().addAnyOf(requiring("reaction")).addAnyOf(requiring("type")));
    Schema problem = openApi.getComponents().getSchemas().get("Problem");
    problem
        .getProperties()
        .get("code")
        .setEnumeration(
            Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toList()));

    openApi
        .getComponents()
        .addSecurityScheme(
            "bearer",
            OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description(
                    "A caller key, configured on the gateway as its SHA-256 hash. Not required"
                        + " when inbound authentication is off."));
    document(
        openApi.getPaths().getPathItem("/v1/reactions").getPOST(),
        EnumSet.complementOf(EVENTS_ONLY),
        true);
    document(
        openApi.getPaths().getPathItem("/v1/messages/{messageId}/reactions").getGET(),
        EnumSet.complementOf(NOT_FOR_READS),
        false);
    org.eclipse.microprofile.openapi.models.Operation eventReads =
        openApi.getPaths().getPathItem("/v1/reaction-events").getGET();
    document(eventReads, EVENT_READS, false);
    eventReads
        .getResponses()
        .getAPIResponse("200")
        .getContent()
        .getMediaType("application/json")
        .setSchema(eventsPage());
    // A provider's webhook carries no caller key: its signature headers are its authentication.
    openApi
        .getComponents()
        .addSecurityScheme(
            "webhookSignature",
            OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name("webhook-signature")
                .description(
                    "The provider's signature of the delivery (with webhook-id and"
                        + " webhook-timestamp), checked against gateway.<provider>.webhook-secrets."));
    org.eclipse.microprofile.openapi.models.Operation webhooks =
        openApi.getPaths().getPathItem("/webhooks/{provider}").getPOST();
    webhooks.addSecurityRequirement(
        OASFactory.createSecurityRequirement().addScheme("webhookSignature"));
    problems(webhooks.getResponses(), WEBHOOKS, false);
  }

  /** A page of {@code GET /v1/reaction-events}: the events, oldest first, and the next cursor. */
  private static Schema eventsPage() {
    return OASFactory.createSchema()
        .addType(Schema.SchemaType.OBJECT)
        .addRequired("events")
        .addRequired("next")
        .addProperty(
            "events",
            OASFactory.createSchema()
                .addType(Schema.SchemaType.ARRAY)
                .items(OASFactory.createSchema().ref("#/components/schemas/ReactionEvent")))
        .addProperty(
            "next",
            OASFactory.createSchema()
                .addType(Schema.SchemaType.STRING)
                .description(
                    "The cursor to read on from: the last event's, or on an empty page the one"
                        + " asked for."));
  }

  /**
   * The {@code X-Request-Id} parameter's description and schema, the bearer requirement, the 200's
   * headers and one problem response per status of {@code codes}; {@code keyed}: the operation
   * takes an {@code Idempotency-Key}, so its answers may be replayed.
   */
  private static void document(
      org.eclipse.microprofile.openapi.models.Operation operation,
      Set<ErrorCode> codes,
      boolean keyed) {
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getIn() == Parameter.In.HEADER
          && RequestIds.HEADER.equals(parameter.getName())) {
        parameter
            .description("Echoed when 1-128 visible ASCII characters; generated otherwise.")
            .schema(requestIdSchema());
      }
    }
    operation.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer"));
    APIResponses responses = operation.getResponses();
    APIResponse ok =
        responses.getAPIResponse("200").addHeader(RequestIds.HEADER, requestIdHeader());
    if (keyed) {
      ok.addHeader(KeyedReactions.REPLAYED, replayedHeader());
    }
    problems(responses, codes, keyed);
  }

  /** One problem response per status of {@code codes}. */
  private static void problems(APIResponses responses, Set<ErrorCode> codes, boolean keyed) {
    Map<Integer, List<ErrorCode>> byStatus = new TreeMap<>();
    for (ErrorCode code : codes) {
      byStatus.computeIfAbsent(code.status(), status -> new ArrayList<>()).add(code);
    }
    byStatus.forEach(
        (status, listed) ->
            responses.addAPIResponse(Integer.toString(status), problem(listed, keyed)));
  }

  private static APIResponse problem(List<ErrorCode> codes, boolean keyed) {
    String listed = codes.stream().map(ErrorCode::code).collect(Collectors.joining(", "));
    APIResponse response =
        OASFactory.createAPIResponse()
            .description("Problem details; code is one of: " + listed)
            .content(
                OASFactory.createContent()
                    .addMediaType(
                        Problems.MEDIA_TYPE,
                        OASFactory.createMediaType()
                            .schema(OASFactory.createSchema().ref(PROBLEM_REF))))
            .addHeader(RequestIds.HEADER, requestIdHeader());
    if (keyed) {
      response.addHeader(KeyedReactions.REPLAYED, replayedHeader());
    }
    int status = codes.get(0).status();
    if (codes.contains(ErrorCode.UNAUTHORIZED)) {
      response.addHeader(
          "WWW-Authenticate",
          OASFactory.createHeader()
              .description("The scheme to authenticate with: Bearer.")
              .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
    }
    if (status == 409 || status == 429 || status == 502 || status == 503) {
      response.addHeader(
          "Retry-After",
          OASFactory.createHeader()
              .description(
                  "Seconds to wait before retrying, when a wait is known."
                      + (status == 502 ? " A provider's own wait is passed on, at most 3600." : ""))
              .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
    }
    return response;
  }

  private static EnumSet<ErrorCode> union(EnumSet<ErrorCode> one, EnumSet<ErrorCode> other) {
    EnumSet<ErrorCode> both = EnumSet.copyOf(one);
    both.addAll(other);
    return both;
  }

  private static Schema requiring(String property) {
    return OASFactory.createSchema()
        .addRequired(property)
        .addProperty(property, OASFactory.createSchema().addType(Schema.SchemaType.STRING));
  }

  private static Header replayedHeader() {
    return OASFactory.createHeader()
        .description(
            "true when this is the stored answer of an earlier request with the same"
                + " Idempotency-Key; absent otherwise.")
        .schema(OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN));
  }

  private static Header requestIdHeader() {
    return OASFactory.createHeader()
        .description("The caller's X-Request-Id when sane (1-128 visible ASCII), else generated.")
        .schema(requestIdSchema());
  }

  private static Schema requestIdSchema() {
    return OASFactory.createSchema()
        .addType(Schema.SchemaType.STRING)
        .minLength(1)
        .maxLength(RequestIds.MAX_LENGTH)
        .pattern(RequestIds.VISIBLE_ASCII);
  }
}
