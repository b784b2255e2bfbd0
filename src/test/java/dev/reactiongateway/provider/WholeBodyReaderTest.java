package dev.reactiongateway.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WholeBodyReaderTest {

  private static final byte[] ANSWER =
      "{\"status\":\"sent\",\"message_id\":\"msg_7f3a9c\",\"reaction\":\"love\"}"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void aBufferedAnswerIsReadIntoOneArrayOfItsSize() throws IOException {
    byte[] read = WholeBodyReader.read(new ByteArrayInputStream(ANSWER));

    assertArrayEquals(ANSWER, read);
    assertEquals(ANSWER.length, read.length);
  }

  @Test
  void aStreamThatKnowsLessThanItHoldsIsStillReadToItsEnd() throws IOException {
    byte[] large = new byte[100_000];
    new Random(7).nextBytes(large);

    assertArrayEquals(large, WholeBodyReader.read(new Underreporting(large, 10)));
    assertArrayEquals(large, WholeBodyReader.read(new Underreporting(large, 0)));
  }

  @Test
  void anEmptyAnswerIsAnEmptyArray() throws IOException {
    assertEquals(0, WholeBodyReader.read(new ByteArrayInputStream(new byte[0])).length);
  }

  @Test
  void readsOnlyByteArrays() {
    WholeBodyReader reader = new WholeBodyReader();

    assertTrue(reader.isReadable(byte[].class, byte[].class, null, null));
    assertFalse(reader.isReadable(String.class, String.class, null, null));
  }

  /** A stream whose available() says at most {@code known} bytes, as a chunked stream may. */
  private static final class Underreporting extends InputStream {
    private final ByteArrayInputStream bytes;
    private final int known;

    Underreporting(byte[] content, int known) {
      this.bytes = new ByteArrayInputStream(content);
      this.known = known;
    }

    @Override
    public int read() {
      return bytes.read();
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      return bytes.read(into, offset, Math.min(length, 1000));
    }

    @Override
    public int available() {
      return Math.min(known, bytes.available());
    }
  }
}
