package dev.reactiongateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.Gateway.react;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Linq with only the v3 API key: the gateway starts, v3 works, a v2 id is refused naming the key.
 */
@QuarkusTest
@TestProfile(LinqV3OnlyTest.ApiKeyOnly.class)
@WithTestResource(ProviderDoubles.class)
class LinqV3OnlyTest {

  /** No v2 integration token (an empty value is no value). */
  public static class ApiKeyOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("gateway.linq.integration-token", "");
    }
  }

  @ProviderDoubles.Linq WireMockServer linq;

  @Test
  void aV2IdWithoutAnIntegrationTokenIsRefusedNamingTheKeyAndV3StillWorks() {
    linq.resetAll();
    linq.stubFor(
        post(LinqV3Test.V3_PATH)
            .willReturn(aResponse().withStatus(200).withBody(LinqV3Test.ACCEPTED)));

    assertProblem(
            react("{\"messageId\":224,\"provider\":\"linq\",\"reaction\":\"love\"}"),
            422,
            "unsupported_operation")
        .body("provider", equalTo("linq"))
        .body(
            "detail",
            equalTo(
                "linq v2 has no credentials on this gateway: set gateway.linq.integration-token;"
                    + " nothing was sent"));
    linq.verify(0, anyRequestedFor(anyUrl()));

    react("{\"messageId\":\"linq:" + LinqV3Test.UUID_ID + "\",\"reaction\":\"🎉\"}")
        .statusCode(200);
    linq.verify(1, anyRequestedFor(anyUrl()));
  }
}
