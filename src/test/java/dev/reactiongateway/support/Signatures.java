package dev.reactiongateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Checks a Chert HMAC v1 header the way Chert does, independently of the gateway's signer. */
public final class Signatures {

  private Signatures() {}

  public static void assertValidChertSignature(String header, String secret, byte[] receivedBody)
      throws Exception {
    String[] parts = header.split(",");
    assertEquals(3, parts.length, header);
    assertEquals("v1", parts[0]);
    long timestamp = Long.parseLong(parts[1]);
    assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) <= 300, "within 5 minutes");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((parts[1] + ".").getBytes(StandardCharsets.UTF_8));
    assertEquals(HexFormat.of().formatHex(mac.doFinal(receivedBody)), parts[2]);
  }
}
