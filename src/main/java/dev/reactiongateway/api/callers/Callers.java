package dev.reactiongateway.api.callers;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who is calling: matches a bearer key against the configured SHA-256 hashes in constant time (each
 * caller's rate limit is {@link RateLimits}).
 */
@Startup
@ApplicationScoped
public class Callers {

  /** The caller name when inbound authentication is off. */
  public static final String ANONYMOUS = "anonymous";

  private static final Logger LOG = Logger.getLogger(Callers.class);
  private static final String BEARER = "Bearer ";

  private record KnownKey(String caller, byte[] sha256) {}

  private final boolean authenticate;
  private final List<KnownKey> keys = new ArrayList<>();

  Callers(CallersConfig config) {
    this.authenticate = config.enabled();
    if (authenticate && config.callers().isEmpty()) {
      throw new IllegalStateException(
          "Inbound authentication is on but no caller is configured: set"
              + " gateway.auth.callers.<name>.key-sha256, or gateway.auth.enabled=false when a"
              + " mesh in front of the gateway authenticates callers");
    }
    if (!authenticate) {
      LOG.warn(
          "Inbound authentication is OFF (gateway.auth.enabled=false): every caller is"
              + " accepted as 'anonymous'");
    }
    config
        .callers()
        .forEach(
            (name, caller) -> {
              for (String hash : caller.keySha256()) {
                keys.add(new KnownKey(name, parseHash(name, hash)));
              }
            });
  }

  /**
   * The caller presenting this {@code Authorization} header, or 401. With authentication off,
   * everyone is {@link #ANONYMOUS}.
   */
  public String authenticate(String authorization) {
    if (!authenticate) {
      return ANONYMOUS;
    }
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw unauthorized("send Authorization: Bearer <key>");
    }
    byte[] presented = sha256(authorization.substring(BEARER.length()).strip());
    String match = null;
    for (KnownKey key : keys) {
      // Every key is compared, in constant time, so timing tells nothing about which matched.
      if (MessageDigest.isEqual(key.sha256(), presented)) {
        match = key.caller();
      }
    }
    return Optional.ofNullable(match).orElseThrow(() -> unauthorized("the key is not valid"));
  }

  private static byte[] parseHash(String caller, String hash) {
    try {
      byte[] bytes = HexFormat.of().parseHex(hash.strip().toLowerCase(java.util.Locale.ROOT));
      if (bytes.length == 32) {
        return bytes;
      }
    } catch (IllegalArgumentException notHex) {
      // answered below
    }
    throw new IllegalStateException(
        "gateway.auth.callers." + caller + ".key-sha256 must hold 64-character SHA-256 hex values");
  }

  private static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GatewayException unauthorized(String detail) {
    return GatewayException.rejected(ErrorCode.UNAUTHORIZED, detail);
  }
}
