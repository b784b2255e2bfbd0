package bench.floor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The floor of bench/run.sh: what a minimal hop on the gateway's stack costs. It takes the bench's
 * reaction requests, parses them, signs the Chert body with HMAC-SHA256, makes one upstream POST
 * with the Quarkus REST Client and maps the answer; no auth, limits, retries, breaker, deadline,
 * idempotency, metrics or access log.
 */
@Path("/v1/reactions")
public class Hop {

  public record Reaction(String messageId, String reaction) {}

  public record Outcome(String status, String provider, int upstreamStatus) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  @RestClient Upstream upstream;

  private final Mac keyed;

  public Hop() throws GeneralSecurityException {
    keyed = Mac.getInstance("HmacSHA256");
    keyed.init(
        new SecretKeySpec("bench-signing-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Outcome> react(Reaction request) throws IOException, CloneNotSupportedException {
    String[] id = request.messageId().split(":", 2);
    if (id[0].equals("chert")) {
      byte[] body =
          JSON.writeValueAsBytes(JSON.createObjectNode().put("reaction", request.reaction()));
      Mac mac = (Mac) keyed.clone();
      String signature = "v1," + HexFormat.of().formatHex(mac.doFinal(body));
      return upstream
          .chert(id[1], "tenant_bench", signature, body)
          .map(answer -> outcome("chert", answer));
    }
    byte[] body =
        JSON.writeValueAsBytes(
            JSON.createObjectNode().put("type", request.reaction()).put("operation", "add"));
    return upstream
        .linq(id[1], "linq-bench-token-0123456789abcdef", body)
        .map(answer -> outcome("linq", answer));
  }

  private static Outcome outcome(String provider, RestResponse<byte[]> answer) {
    try {
      JsonNode body = JSON.readTree(answer.getEntity());
      return new Outcome(body.isObject() ? "ok" : "unreadable", provider, answer.getStatus());
    } catch (IOException unreadable) {
      return new Outcome("unreadable", provider, answer.getStatus());
    }
  }
}
