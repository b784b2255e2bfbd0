package dev.reactiongateway.provider.chert;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Chert's "React to a message" endpoint. The body goes out as the exact bytes that were signed; the
 * answer comes back raw so errors can be read whatever their status.
 */
@Path("/api/v1/messages")
interface ChertApi {

  @POST
  @Path("/{id}/react")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  Uni<RestResponse<byte[]>> react(
      @PathParam("id") String messageId,
      @HeaderParam("x-chert-tenant") String tenant,
      @HeaderParam("x-chert-signature") String signature,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam("X-Request-Id") String requestId,
      byte[] body);
}
