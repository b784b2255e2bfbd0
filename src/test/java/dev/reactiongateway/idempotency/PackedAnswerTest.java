package dev.reactiongateway.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedAnswerTest {

  static final String SUCCESS =
      "{\"provider\":\"linq\",\"messageId\":\"48213\",\"reaction\":\"like\",\"operation\":\"add\","
          + "\"status\":\"sent\",\"providerReactionId\":\"90210\",\"sentAt\":"
          + "\"2026-11-22T06:00:00.000Z\",\"providerTraceId\":\"tr_01HBENCH48213\",\"requestId\":"
          + "\"825f5a1d-b0ca-4c54-8151-ad7add1f4dfc\"}";
  static final String PROBLEM =
      "{\"type\":\"https://reaction-gateway.dev/problems/provider-timeout\",\"title\":\"Provider"
          + " timeout\",\"status\":502,\"detail\":\"linq did not answer within the deadline; the"
          + " reaction may have been delivered, so the gateway did not retry\",\"code\":"
          + "\"provider_timeout\",\"retryable\":false,\"requestId\":"
          + "\"5c1f0d6e-7a51-4c55-9a3e-2f4b8d7c9e10\",\"provider\":\"linq\",\"providerStatus\":504}";

  private static void roundTrips(long until, String fingerprint, StoredAnswer answer) {
    byte[] packed = PackedAnswer.pack(until, fingerprint, answer);
    assertEquals(until, PackedAnswer.until(packed));
    assertEquals(fingerprint, PackedAnswer.fingerprint(packed));
    assertEquals(answer, PackedAnswer.answer(packed));
  }

  @Test
  void successAndProblemBodiesComeBackExactly() {
    roundTrips(42, "linq|48213|like|add", new StoredAnswer(200, SUCCESS, null));
    roundTrips(-7, "linq|224|love|add|part=2", new StoredAnswer(502, PROBLEM, 3L));
    roundTrips(Long.MAX_VALUE, "", new StoredAnswer(503, "", 0L));
    roundTrips(Long.MIN_VALUE, "x", new StoredAnswer(409, "{}", Long.MAX_VALUE));
  }

  @Test
  void bytesThatStandForRunsOrEscapesAreKeptAsThemselves() {
    StringBuilder low = new StringBuilder();
    for (char c = 0; c < 64; c++) {
      low.append(c).append("\"}");
    }
    roundTrips(1, "fp\u0001\u001f\u0000", new StoredAnswer(200, low.toString(), null));
  }

  @Test
  void textBeyondAsciiComesBackExactly() {
    for (String text :
        List.of(
            "{\"reaction\":\"❤️\",\"messageId\":\"ü-é-ß\"}",
            "\uD83E\uDEE0 a pair, then lone halves: \uD83E and \uDEE0 \"}",
            "\uDC00",
            "ends high \uD800")) {
      roundTrips(5, text, new StoredAnswer(200, text, null));
    }
  }

  @Test
  void randomTextComesBackExactly() {
    Random random = new Random(20);
    for (int n = 0; n < 2_000; n++) {
      char[] chars = new char[random.nextInt(80)];
      for (int i = 0; i < chars.length; i++) {
        // Mostly the characters runs are made of, some control and non-ASCII ones.
        chars[i] =
            switch (random.nextInt(4)) {
              case 0 -> "{}\",:ablinkqurdsvety".charAt(random.nextInt(20));
              case 1 -> (char) random.nextInt(128);
              case 2 -> (char) random.nextInt(0x10000);
              default -> SUCCESS.charAt(random.nextInt(SUCCESS.length()));
            };
      }
      String text = new String(chars) + SUCCESS.substring(random.nextInt(SUCCESS.length()));
      roundTrips(n, text, new StoredAnswer(200 + n % 400, text, n % 3 == 0 ? null : (long) n));
    }
  }

  @Test
  void aSuccessBodyTakesLessThanItsText() {
    int packed =
        PackedAnswer.pack(0, "linq|48213|like|add", new StoredAnswer(200, SUCCESS, null)).length;
    assertTrue(packed < SUCCESS.length() * 3 / 4, packed + " bytes for " + SUCCESS.length());
  }
}
