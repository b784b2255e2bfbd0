package bench.floor;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/** The bench upstream's two reaction routes, as the gateway's adapters call them. */
@RegisterRestClient(configKey = "upstream")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface Upstream {

  @POST
  @Path("/api/v1/messages/{id}/react")
  Uni<RestResponse<byte[]>> chert(
      @PathParam("id") String id,
      @HeaderParam("x-chert-tenant") String tenant,
      @HeaderParam("x-chert-signature") String signature,
      byte[] body);

  @POST
  @Path("/api/partner/v2/chat_messages/{id}/reactions")
  Uni<RestResponse<byte[]>> linq(
      @PathParam("id") String id,
      @HeaderParam("X-LINQ-INTEGRATION-TOKEN") String token,
      byte[] body);
}
