package dev.reactiongateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details with the gateway's extensions (docs/api-and-errors.md, "Errors"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(
    name = "Problem",
    description = "RFC 9457 problem details, application/problem+json.",
    requiredProperties = {"type", "title", "status", "detail", "code", "retryable", "requestId"})
public record Problem(
    String type,
    String title,
    int status,
    @Schema(description = "What happened and what to change.") String detail,
    @Schema(description = "Stable, machine-readable code.") String code,
    @Schema(description = "Whether sending the same request again can succeed.") boolean retryable,
    String requestId,
    @Schema(
            description =
                "The provider involved, on every problem once it is known: validation errors"
                    + " after the provider was resolved, unsupported_operation, and every"
                    + " provider_* or message_not_found answer.")
        String provider,
    @Schema(description = "The provider's HTTP status, when it answered.") Integer providerStatus,
    @Schema(description = "The provider's error code, when it gave one.") String providerCode,
    @Schema(description = "The provider's trace id, when it gave one.") String providerTraceId) {}
