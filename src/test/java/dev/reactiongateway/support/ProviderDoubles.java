package dev.reactiongateway.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/** One WireMock server per provider, on dynamic ports, standing in for Chert and Linq. */
public class ProviderDoubles implements QuarkusTestResourceLifecycleManager {

  /** Injects the Chert double into a {@link WireMockServer} field. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Chert {}

  /** Injects the Linq double into a {@link WireMockServer} field. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.FIELD)
  public @interface Linq {}

  /** Init arg: {@code chert=closed-port} points Chert at a port where nothing listens. */
  public static final String CLOSED_PORT = "closed-port";

  private WireMockServer chert;
  private WireMockServer linq;
  private boolean chertClosed;

  @Override
  public void init(Map<String, String> initArgs) {
    chertClosed = CLOSED_PORT.equals(initArgs.get("chert"));
  }

  @Override
  public Map<String, String> start() {
    chert = new WireMockServer(options().dynamicPort().containerThreads(128));
    linq = new WireMockServer(options().dynamicPort().containerThreads(128));
    chert.start();
    linq.start();
    return Map.of(
        "gateway.chert.base-url",
        chertClosed ? "http://127.0.0.1:" + closedPort() : chert.baseUrl(),
        "gateway.linq.base-url",
        linq.baseUrl());
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(
        chert, new TestInjector.AnnotatedAndMatchesType(Chert.class, WireMockServer.class));
    injector.injectIntoFields(
        linq, new TestInjector.AnnotatedAndMatchesType(Linq.class, WireMockServer.class));
  }

  @Override
  public void stop() {
    if (chert != null) {
      chert.stop();
    }
    if (linq != null) {
      linq.stop();
    }
  }
}
