package dev.reactiongateway.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature ({@code webhook-id}, {@code webhook-timestamp}, {@code
 * webhook-signature: v1,<base64>}): HMAC-SHA256 over {@code <id>.<timestamp>.<raw body>}, keyed
 * with the base64-decoded part of a {@code whsec_} secret. Verifies what providers send and signs
 * what the gateway delivers.
 *
 * <p>Written here rather than taken from a library: the specification's own Java artifact ({@code
 * com.standardwebhooks:standardwebhooks}) is published without classes, and the one maintained
 * implementation on Maven Central comes inside a whole HTTP API client (Svix's). The algorithm is
 * the few lines below; the tests hold it to the specification's published vector and to the
 * specification's TypeScript library (docs/events.md, "Signatures").
 */
public final class StandardWebhooks {

  public static final String ID = "webhook-id";
  public static final String TIMESTAMP = "webhook-timestamp";
  public static final String SIGNATURE = "webhook-signature";

  /** How far a timestamp may be from the clock, either way. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static final String PREFIX = "whsec_";
  private static final String VERSION = "v1,";

  private StandardWebhooks() {}

  /**
   * The key of a {@code whsec_<base64>} secret.
   *
   * @throws IllegalArgumentException naming what is wrong, never the secret
   */
  public static byte[] key(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a signing secret must start with whsec_");
    }
    try {
      return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a signing secret must be whsec_ followed by base64");
    }
  }

  /** The {@code webhook-signature} value for one key. */
  public static String sign(byte[] key, String id, long timestamp, byte[] body) {
    return VERSION + Base64.getEncoder().encodeToString(mac(key, id, timestamp, body));
  }

  /**
   * Checks the three headers against any of the keys.
   *
   * @return null when verified, otherwise why not
   */
  public static String verify(
      List<byte[]> keys, String id, String timestamp, String signatures, byte[] body, Instant now) {
    if (id == null || timestamp == null || signatures == null) {
      return "webhook-id, webhook-timestamp and webhook-signature are all required";
    }
    String stale = staleness(timestamp, now);
    if (stale != null) {
      return stale;
    }
    long seconds = Long.parseLong(timestamp);
    for (byte[] key : keys) {
      byte[] expected = mac(key, id, seconds, body);
      for (String entry : signatures.split(" ")) {
        if (entry.startsWith(VERSION) && matches(expected, entry.substring(VERSION.length()))) {
          return null;
        }
      }
    }
    return "no webhook-signature entry matches a configured secret";
  }

  /**
   * Whether a Unix-seconds timestamp header is within {@link #TOLERANCE} of {@code now}.
   *
   * @return null when it is, otherwise why not
   */
  public static String staleness(String timestamp, Instant now) {
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return "the timestamp must be Unix seconds";
    }
    if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
      return "the timestamp is more than 5 minutes from the gateway's clock";
    }
    return null;
  }

  private static boolean matches(byte[] expected, String encoded) {
    byte[] given;
    try {
      given = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  private static byte[] mac(byte[] key, String id, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
