package dev.reactiongateway.provider.chert;

import io.smallrye.config.Secret;
import java.util.Optional;

/**
 * The gateway's credentials for Chert. HMAC mode when a signing secret is set (tenant required),
 * bearer mode when only an API token is set; with neither, startup fails naming the keys to set.
 */
final class ChertAuthentication {

  /** The auth headers of one attempt; absent ones are null and not sent. */
  record Headers(String tenant, String signature, String authorization) {}

  private final String tenant;
  private final ChertSigner signer;
  private final String bearer;

  private ChertAuthentication(String tenant, ChertSigner signer, String bearer) {
    this.tenant = tenant;
    this.signer = signer;
    this.bearer = bearer;
  }

  static ChertAuthentication from(ChertConfig config) {
    Optional<String> signingSecret = config.signingSecret().map(Secret::get);
    Optional<String> apiToken = config.apiToken().map(Secret::get);
    if (signingSecret.isPresent()) {
      String tenant =
          config
              .tenant()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "gateway.chert.tenant must be set when gateway.chert.signing-secret is"
                              + " set (HMAC mode sends it as x-chert-tenant)"));
      return new ChertAuthentication(tenant, new ChertSigner(signingSecret.get()), null);
    }
    if (apiToken.isPresent()) {
      return new ChertAuthentication(
          config.tenant().orElse(null), null, "Bearer " + apiToken.get());
    }
    throw new IllegalStateException(
        "Chert has no credentials: set gateway.chert.signing-secret (HMAC mode, with"
            + " gateway.chert.tenant) or gateway.chert.api-token (bearer mode)");
  }

  Headers headersFor(long epochSeconds, byte[] body) {
    if (signer != null) {
      return new Headers(tenant, signer.sign(epochSeconds, body), null);
    }
    return new Headers(tenant, null, bearer);
  }

  @Override
  public String toString() {
    return signer != null ? "ChertAuthentication[hmac]" : "ChertAuthentication[bearer]";
  }
}
