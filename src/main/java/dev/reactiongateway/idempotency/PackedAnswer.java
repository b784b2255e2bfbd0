package dev.reactiongateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A kept answer as the memory store holds it: one byte array with the time it expires, the
 * fingerprint of its request and the answer. Strings are UTF-8 with the runs of JSON that every
 * success and problem body repeats (field names, fixed values) replaced by one byte each; a string
 * that UTF-8 cannot carry exactly (an unpaired surrogate) is kept as UTF-16. Unpacking gives back
 * exactly what was packed.
 *
 * <p>Layout: expiry (8 bytes), {@code Retry-After} seconds (8, {@link Long#MIN_VALUE} when absent),
 * status (4), then the fingerprint and the body, each as a form byte, a length (4) and its bytes.
 */
final class PackedAnswer {

  /** Byte {@code i + 1} stands for {@code RUNS[i]}; 31 (below) escapes a byte under 32 itself. */
  private static final String[] RUNS = {
    "{\"provider\":\"",
    "\",\"messageId\":\"",
    "\",\"reaction\":\"",
    "\",\"operation\":\"add\",\"status\":\"sent\"",
    "\",\"operation\":\"remove\",\"status\":\"removed\"",
    ",\"providerReactionId\":\"",
    "\",\"sentAt\":\"",
    ",\"providerTraceId\":\"",
    "\",\"requestId\":\"",
    "{\"type\":\"https://reaction-gateway.dev/problems/",
    "\",\"title\":\"",
    "\",\"status\":",
    ",\"detail\":\"",
    "\",\"code\":\"",
    "\",\"retryable\":false",
    "\",\"retryable\":true",
    ",\"requestId\":\"",
    ",\"provider\":\"",
    ",\"providerStatus\":",
    ",\"providerCode\":\"",
    "the reaction may have been delivered",
    "\"}",
  };

  private static final byte ESCAPE = 31;
  private static final byte UTF8_RUNS = 0;
  private static final byte UTF16 = 1;
  private static final long NO_RETRY_AFTER = Long.MIN_VALUE;
  private static final int STRINGS = 20;

  private static final byte[][] RUN_BYTES = new byte[RUNS.length][];

  /** For each first byte, the runs that start with it. */
  private static final int[][] RUNS_BY_FIRST = new int[128][];

  static {
    for (int i = 0; i < RUNS.length; i++) {
      RUN_BYTES[i] = RUNS[i].getBytes(StandardCharsets.US_ASCII);
      int first = RUN_BYTES[i][0];
      int[] same = RUNS_BY_FIRST[first] == null ? new int[0] : RUNS_BY_FIRST[first];
      same = Arrays.copyOf(same, same.length + 1);
      same[same.length - 1] = i;
      RUNS_BY_FIRST[first] = same;
    }
  }

  private PackedAnswer() {}

  static byte[] pack(long until, String fingerprint, StoredAnswer answer) {
    Out out = new Out(STRINGS + 10 + fingerprint.length() + answer.body().length());
    out.putLong(until);
    out.putLong(answer.retryAfterSeconds() == null ? NO_RETRY_AFTER : answer.retryAfterSeconds());
    out.putInt(answer.status());
    out.putString(fingerprint);
    out.putString(answer.body());
    return out.toArray();
  }

  static long until(byte[] packed) {
    return getLong(packed, 0);
  }

  static String fingerprint(byte[] packed) {
    return getString(packed, STRINGS);
  }

  static StoredAnswer answer(byte[] packed) {
    long retryAfter = getLong(packed, 8);
    int bodyAt = STRINGS + 5 + getInt(packed, STRINGS + 1);
    return new StoredAnswer(
        getInt(packed, 16),
        getString(packed, bodyAt),
        retryAfter == NO_RETRY_AFTER ? null : retryAfter);
  }

  private static String getString(byte[] packed, int at) {
    int length = getInt(packed, at + 1);
    int from = at + 5;
    if (packed[at] == UTF16) {
      char[] chars = new char[length / 2];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) ((packed[from + 2 * i] & 0xFF) << 8 | packed[from + 2 * i + 1] & 0xFF);
      }
      return new String(chars);
    }
    Out utf8 = new Out(2 * length);
    for (int i = from; i < from + length; i++) {
      byte b = packed[i];
      if (b == ESCAPE) {
        utf8.put(packed[++i]);
      } else if (b > 0 && b <= RUNS.length) {
        utf8.put(RUN_BYTES[b - 1]);
      } else {
        utf8.put(b);
      }
    }
    return new String(utf8.bytes, 0, utf8.size, StandardCharsets.UTF_8);
  }

  private static long getLong(byte[] packed, int at) {
    return (long) getInt(packed, at) << 32 | getInt(packed, at + 4) & 0xFFFFFFFFL;
  }

  private static int getInt(byte[] packed, int at) {
    return (packed[at] & 0xFF) << 24
        | (packed[at + 1] & 0xFF) << 16
        | (packed[at + 2] & 0xFF) << 8
        | packed[at + 3] & 0xFF;
  }

  /** Whether UTF-8 carries the string exactly: no surrogate without its pair. */
  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static final class Out {
    private byte[] bytes;
    private int size;

    Out(int capacity) {
      bytes = new byte[capacity];
    }

    void put(byte b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, 2 * bytes.length + 16);
      }
      bytes[size++] = b;
    }

    void put(byte[] run) {
      for (byte b : run) {
        put(b);
      }
    }

    void putInt(int v) {
      put((byte) (v >>> 24));
      put((byte) (v >>> 16));
      put((byte) (v >>> 8));
      put((byte) v);
    }

    void putLong(long v) {
      putInt((int) (v >>> 32));
      putInt((int) v);
    }

    void putString(String s) {
      int lengthAt = size + 1;
      if (!wellFormed(s)) {
        put(UTF16);
        putInt(2 * s.length());
        for (int i = 0; i < s.length(); i++) {
          put((byte) (s.charAt(i) >>> 8));
          put((byte) s.charAt(i));
        }
        return;
      }
      put(UTF8_RUNS);
      putInt(0);
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      int i = 0;
      while (i < utf8.length) {
        int run = runAt(utf8, i);
        if (run >= 0) {
          put((byte) (run + 1));
          i += RUN_BYTES[run].length;
        } else {
          if (utf8[i] >= 0 && utf8[i] < 32) {
            put(ESCAPE);
          }
          put(utf8[i++]);
        }
      }
      int length = size - lengthAt - 4;
      bytes[lengthAt] = (byte) (length >>> 24);
      bytes[lengthAt + 1] = (byte) (length >>> 16);
      bytes[lengthAt + 2] = (byte) (length >>> 8);
      bytes[lengthAt + 3] = (byte) length;
    }

    private static int runAt(byte[] utf8, int at) {
      int first = utf8[at];
      int[] candidates = first < 0 ? null : RUNS_BY_FIRST[first];
      if (candidates != null) {
        for (int run : candidates) {
          byte[] bytes = RUN_BYTES[run];
          if (at + bytes.length <= utf8.length
              && Arrays.equals(utf8, at, at + bytes.length, bytes, 0, bytes.length)) {
            return run;
          }
        }
      }
      return -1;
    }

    byte[] toArray() {
      return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
  }
}
