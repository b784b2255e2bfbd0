package dev.reactiongateway.provider.linq;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Linq's reaction endpoints, v2 ("React to Message", legacy) and v3 ("Add reaction"), and v3's
 * message read, which carries each part's reactions; answers come back raw so errors can be read.
 */
@Path("/api/partner")
interface LinqApi {

  @POST
  @Path("/v2/chat_messages/{id}/reactions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  Uni<RestResponse<byte[]>> react(
      @PathParam("id") String chatMessageId,
      @HeaderParam("X-LINQ-INTEGRATION-TOKEN") String integrationToken,
      @HeaderParam("X-Request-Id") String requestId,
      byte[] body);

  @POST
  @Path("/v3/messages/{id}/reactions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  Uni<RestResponse<byte[]>> reactV3(
      @PathParam("id") String messageId,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("X-Request-Id") String requestId,
      byte[] body);

  @GET
  @Path("/v3/messages/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  Uni<RestResponse<byte[]>> messageV3(
      @PathParam("id") String messageId,
      @HeaderParam("Authorization") String authorization,
      @HeaderParam("X-Request-Id") String requestId);
}
