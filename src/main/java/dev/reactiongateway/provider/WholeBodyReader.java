package dev.reactiongateway.provider;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads a provider's answer as {@code byte[]} in one array of its own size. The REST client has the
 * whole answer buffered when it reads the entity, so the stream knows how much is left; the
 * built-in reader ({@code InputStream.readAllBytes}) starts with an 8 KiB array per answer and
 * copies, for answers of a few hundred bytes. Registered by class on the REST clients, which
 * instantiate it reflectively (hence its registration for the native image).
 */
@RegisterForReflection
public final class WholeBodyReader implements MessageBodyReader<byte[]> {

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == byte[].class;
  }

  @Override
  public byte[] readFrom(
      Class<byte[]> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> headers,
      InputStream body)
      throws IOException {
    return read(body);
  }

  /**
   * The stream's remaining bytes: sized by {@link InputStream#available()}, then whatever follows.
   */
  static byte[] read(InputStream body) throws IOException {
    int buffered = body.available();
    if (buffered <= 0) {
      return body.readAllBytes();
    }
    byte[] bytes = body.readNBytes(buffered);
    int next = body.read();
    if (next < 0) {
      return bytes;
    }
    ByteArrayOutputStream whole = new ByteArrayOutputStream(bytes.length * 2);
    whole.write(bytes);
    whole.write(next);
    body.transferTo(whole);
    return whole.toByteArray();
  }
}
