package dev.reactiongateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's connection to the local Redis, through a small TCP relay on a dynamic port that a
 * test can cut (every open connection dropped, new ones closed as they arrive), stall (nothing
 * passes) and restore: a replica that loses its store mid-request, without stopping the shared
 * Redis.
 */
public class RedisLink implements QuarkusTestResourceLifecycleManager {

  /** Injects the running link into a {@link RedisLink} field. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Injected {}

  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean stalled;
  private ServerSocket server;

  @Override
  public Map<String, String> start() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    daemon(this::accept);
    return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + server.getLocalPort());
  }

  /** Drops every connection to Redis and refuses new ones until {@link #restore()}. */
  public void cut() {
    cut = true;
    open.forEach(RedisLink::close);
  }

  /** Holds every byte in both directions until {@link #restore()}: a Redis that stops answering. */
  public void stall() {
    stalled = true;
  }

  public void restore() {
    cut = false;
    stalled = false;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (cut) {
          close(client);
          continue;
        }
        Socket redis = new Socket(InetAddress.getLoopbackAddress(), 6379);
        open.add(client);
        open.add(redis);
        pump(client, redis);
        pump(redis, client);
      } catch (IOException stopped) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to) {
    daemon(
        () -> {
          try (InputStream in = from.getInputStream();
              OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
              while (stalled && !cut) {
                Thread.sleep(5);
              }
              out.write(buffer, 0, read);
              out.flush();
            }
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          } catch (IOException dropped) {
            // the other side or a cut closed it
          } finally {
            close(from);
            close(to);
            open.remove(from);
            open.remove(to);
          }
        });
  }

  private static void daemon(Runnable work) {
    Thread thread = new Thread(work, "redis-link");
    thread.setDaemon(true);
    thread.start();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException alreadyClosed) {
      // nothing left to close
    }
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        this, new TestInjector.AnnotatedAndMatchesType(Injected.class, RedisLink.class));
  }

  @Override
  public void stop() {
    cut();
    try {
      server.close();
    } catch (IOException alreadyClosed) {
      // stopped
    }
  }
}
