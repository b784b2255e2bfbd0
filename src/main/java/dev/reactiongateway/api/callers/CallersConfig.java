package dev.reactiongateway.api.callers;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** {@code gateway.auth.*}: who may call the gateway. */
@ConfigMapping(prefix = "gateway.auth")
public interface CallersConfig {

  /**
   * Whether callers must present {@code Authorization: Bearer <key>}. Off only behind a mesh that
   * authenticates callers itself.
   */
  @WithDefault("true")
  boolean enabled();

  /** Named callers; the name appears in logs and metrics and scopes idempotency keys. */
  Map<String, Caller> callers();

  /** One internal service allowed to call the gateway. */
  interface Caller {
    /** SHA-256 (lower-case hex) of each accepted key; several allow rotation without downtime. */
    List<String> keySha256();

    /** Requests per window for this caller; defaults to {@code gateway.rate-limit.requests}. */
    OptionalInt rateLimit();
  }
}
