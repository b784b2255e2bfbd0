package dev.reactiongateway.provider.chert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Chert's HMAC v1: {@code v1,<unix-seconds>,<hex HMAC-SHA256(secret, "<ts>.<raw body>")>} over
 * exactly the bytes that are sent.
 */
final class ChertSigner {

  private static final String ALGORITHM = "HmacSHA256";

  private final Mac keyed;

  ChertSigner(String secret) {
    try {
      keyed = Mac.getInstance(ALGORITHM);
      keyed.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  String sign(long epochSeconds, byte[] body) {
    Mac mac = copy();
    String timestamp = Long.toString(epochSeconds);
    mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
    mac.update((byte) '.');
    mac.update(body);
    return "v1," + timestamp + "," + HexFormat.of().formatHex(mac.doFinal());
  }

  private Mac copy() {
    try {
      return (Mac) keyed.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
    }
  }
}
