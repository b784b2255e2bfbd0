package dev.reactiongateway.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.reactiongateway.core.resilience.ProviderPolicy;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/**
 * Builds a provider's REST client from its policy, behind the send gate ({@link UpstreamClient}):
 * an adapter has no other way to reach it. The connection pool is twice the provider's bulkhead
 * (its sends' and its reads' permits together), so an admitted attempt never waits inside the HTTP
 * client (requests queued in the client can wedge it or be sent after being cancelled;
 * docs/resilience-and-configuration.md).
 */
@Singleton
public class UpstreamClients {

  private final SendGates gates;

  UpstreamClients(SendGates gates) {
    this.gates = gates;
  }

  /**
   * Builds the client, refusing a base URL that is not plain http(s) with a host, or that is http
   * when {@code allowHttp} is false (production talks to providers over TLS only); {@code
   * responses} turns its transport failures into the provider's {@link
   * dev.reactiongateway.core.ProviderFailure}s.
   */
  public <T> UpstreamClient<T> build(
      Class<T> api,
      String baseUrlKey,
      URI baseUri,
      boolean allowHttp,
      ProviderPolicy policy,
      UpstreamResponses responses) {
    validate(baseUrlKey, baseUri, allowHttp);
    return new UpstreamClient<>(restClient(api, baseUri, policy), gates, responses);
  }

  private static <T> T restClient(Class<T> api, URI baseUri, ProviderPolicy policy) {
    int admitted = policy.bulkhead().maxConcurrent() + policy.bulkhead().readMaxConcurrent();
    return QuarkusRestClientBuilder.newBuilder()
        .baseUri(baseUri)
        .clientLogger(new RedactingClientLogger())
        .register(WholeBodyReader.class)
        .httpClientRequestCustomizer(SendGates::check)
        .connectTimeout(policy.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(policy.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .followRedirects(false)
        .disableDefaultMapper(true)
        // Twice the bulkhead: a connection still closing after a cancelled attempt must never make
        // a newly admitted attempt wait inside the client. A property, not the options
        // customizer: the client sets its pool size (default 50) after the customizer has run.
        .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, 2 * admitted)
        .httpClientOptionsCustomizer(
            options -> options.setKeepAlive(true).setMaxWaitQueueSize(admitted))
        .build(api);
  }

  /** Serialises a provider request body once; these are the exact bytes signed and sent. */
  public static byte[] body(ObjectWriter writer, Object request) {
    try {
      return writer.writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void validate(String key, URI uri, boolean allowHttp) {
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    boolean plainUrl =
        uri.getHost() != null
            && uri.getUserInfo() == null
            && uri.getQuery() == null
            && uri.getFragment() == null;
    if (!plainUrl || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalStateException(
          key + " must be an http(s) URL with a host and no user info, query or fragment");
    }
    if (scheme.equals("http") && !allowHttp) {
      throw new IllegalStateException(
          key
              + " must use https; set "
              + key.replace("base-url", "allow-http")
              + "=true only for a provider reached over a trusted network");
    }
  }
}
