package dev.reactiongateway.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactiongateway.provider.chert.ChertConfig;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.config.Secret;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * A local Chert for the embedded default: checks the tenant and the HMAC v1 signature over the raw
 * bytes received, with Chert's ±5-minute window (or the bearer token in bearer mode). Message id
 * {@code missing} answers 404. Only built when {@code gateway.stand-ins.enabled=true} (dev).
 */
@IfBuildProperty(name = "gateway.stand-ins.enabled", stringValue = "true")
@Path("/_stand-ins/chert/api/v1/messages")
public class ChertStandIn {

  private static final long WINDOW_SECONDS = 300;
  private static final Set<String> REACTIONS =
      Set.of("love", "like", "dislike", "laugh", "emphasize", "question");

  private final ChertConfig config;
  private final ObjectMapper mapper;

  ChertStandIn(ChertConfig config, ObjectMapper mapper) {
    this.config = config;
    this.mapper = mapper;
  }

  @POST
  @Operation(hidden = true)
  @Path("/{id}/react")
  public Response react(
      @PathParam("id") String id,
      @RestHeader("x-chert-tenant") String tenant,
      @RestHeader("x-chert-signature") String signature,
      @RestHeader("Authorization") String authorization,
      byte[] body) {
    String refusal = authenticate(tenant, signature, authorization, body);
    if (refusal != null) {
      return StandInAnswers.error(401, "1001", refusal);
    }
    Optional<JsonNode> json = StandInAnswers.jsonObject(mapper, body);
    if (json.isEmpty()) {
      return StandInAnswers.error(400, "1004", "Invalid JSON body.");
    }
    String reaction = json.get().path("reaction").asText("");
    if (!REACTIONS.contains(reaction)) {
      return StandInAnswers.error(400, "1002", "Invalid reaction value.");
    }
    if (id.equals("missing")) {
      return StandInAnswers.error(404, "2003", "Message not found.");
    }
    return Response.ok(
            "{\"status\":\"sent\",\"message_id\":\"" + id + "\",\"reaction\":\"" + reaction + "\"}",
            MediaType.APPLICATION_JSON)
        .build();
  }

  private String authenticate(String tenant, String signature, String authorization, byte[] body) {
    Optional<String> signingSecret = config.signingSecret().map(Secret::get);
    if (signingSecret.isEmpty()) {
      return StandInAnswers.sameSecret(
              config.apiToken().map(Secret::get).map(token -> "Bearer " + token), authorization)
          ? null
          : "Missing or invalid bearer token.";
    }
    if (tenant == null || !tenant.equals(config.tenant().orElse(null))) {
      return "Unknown tenant.";
    }
    String[] parts = signature == null ? new String[0] : signature.split(",", -1);
    if (parts.length != 3 || !parts[0].equals("v1")) {
      return "Malformed x-chert-signature.";
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return "Malformed x-chert-signature timestamp.";
    }
    if (Math.abs(Instant.now().getEpochSecond() - timestamp) > WINDOW_SECONDS) {
      return "Signature timestamp outside the 5-minute window.";
    }
    byte[] expected = hmac(signingSecret.get(), parts[1] + ".", body);
    byte[] given;
    try {
      given = HexFormat.of().parseHex(parts[2]);
    } catch (IllegalArgumentException e) {
      return "Malformed x-chert-signature digest.";
    }
    return MessageDigest.isEqual(expected, given) ? null : "Signature does not match.";
  }

  private static byte[] hmac(String secret, String prefix, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(prefix.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
