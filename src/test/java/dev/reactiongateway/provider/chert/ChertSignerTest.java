package dev.reactiongateway.provider.chert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChertSignerTest {

  private static final byte[] BODY = "{\"reaction\":\"love\"}".getBytes(StandardCharsets.UTF_8);

  /**
   * Reference computed outside this code base with the provider doc's Python recipe: {@code
   * hmac.new(b"chert-doc-secret", b"1700000000." + body, hashlib.sha256).hexdigest()}.
   */
  @Test
  void signatureMatchesTheProviderDocsAlgorithm() {
    assertEquals(
        "v1,1700000000,7a88d26522f83d1ec0b6fb6731ef8c1573b44d12e4f82f013c2a1f35e9b8ba97",
        new ChertSigner("chert-doc-secret").sign(1700000000L, BODY));
  }

  @Test
  void signatureCoversTheTimestampAndEveryByte() {
    ChertSigner signer = new ChertSigner("chert-doc-secret");
    String original = signer.sign(1700000000L, BODY);
    assertNotEquals(original, signer.sign(1700000001L, BODY));
    assertNotEquals(
        original,
        signer.sign(1700000000L, "{\"reaction\": \"love\"}".getBytes(StandardCharsets.UTF_8)));
  }
}
