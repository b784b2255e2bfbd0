package dev.reactiongateway.api.callers;

import dev.reactiongateway.core.ErrorCode;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.ops.GatewayMetrics;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Who is calling: matches a bearer key against the configured SHA-256 hashes in constant time, and
 * holds one SmallRye Fault Tolerance rate limit per caller.
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
  private final Map<String, Guard> limits = new HashMap<>();

  private final GatewayMetrics metrics;

  Callers(CallersConfig config, RateLimitConfig rateLimit, GatewayMetrics metrics) {
    this.metrics = metrics;
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
              limits.put(
                  name,
                  limit(
                      rateLimit,
                      caller.rateLimit().orElse(rateLimit.requests()),
                      "gateway.auth.callers." + name + ".rate-limit"));
            });
    limits.put(ANONYMOUS, limit(rateLimit, rateLimit.requests(), "gateway.rate-limit.requests"));
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

  /** Takes one permit from the caller's rate limit, or answers 429 with the wait. */
  public void admit(String caller) {
    Guard limit = limits.get(caller);
    if (limit == null) {
      return;
    }
    try {
      limit.get(() -> Boolean.TRUE, Boolean.class);
    } catch (RateLimitException over) {
      metrics.rateLimited(caller);
      long seconds = Math.max(1, (over.getRetryAfterMillis() + 999) / 1000);
      throw new GatewayException(
          ErrorCode.RATE_LIMITED,
          "caller '" + caller + "' is over its rate limit; retry after the indicated time",
          true,
          Duration.ofSeconds(seconds),
          null,
          false);
    }
  }

  /**
   * A rolling window keeps one timestamp per request it allows (8 bytes each), allocated up front:
   * a limit of 10⁸ would ask for 800 MB at startup.
   */
  static final int MOST_REQUESTS_PER_WINDOW = 100_000;

  private static Guard limit(RateLimitConfig config, int requests, String key) {
    if (!config.enabled()) {
      return null;
    }
    if (requests < 1 || requests > MOST_REQUESTS_PER_WINDOW) {
      throw new IllegalStateException(
          key
              + " is "
              + requests
              + ": it must be between 1 and "
              + MOST_REQUESTS_PER_WINDOW
              + " requests per window (each allowed request takes 8 bytes of the caller's rolling"
              + " window); set gateway.rate-limit.enabled=false to turn rate limiting off");
    }
    return Guard.create()
        .withRateLimit()
        .limit(requests)
        .window(config.window().toMillis(), ChronoUnit.MILLIS)
        .type(RateLimitType.ROLLING)
        .done()
        .build();
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
    return new GatewayException(ErrorCode.UNAUTHORIZED, detail);
  }
}
