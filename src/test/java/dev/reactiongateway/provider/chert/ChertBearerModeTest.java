package dev.reactiongateway.provider.chert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.Gateway;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With only {@code gateway.chert.api-token} set, Chert calls carry a bearer token, unsigned. */
@QuarkusTest
@TestProfile(ChertBearerModeTest.BearerOnly.class)
@WithTestResource(ProviderDoubles.class)
class ChertBearerModeTest {

  /** Bearer mode: a token and no signing secret. */
  public static class BearerOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.chert.signing-secret", "",
          "gateway.chert.api-token", "test-chert-bearer");
    }
  }

  @ProviderDoubles.Chert WireMockServer chert;

  @Test
  void chertCallsCarryTheBearerTokenAndNoSignature() {
    String path = "/api/v1/messages/msg_9/react";
    chert.stubFor(
        post(path)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"status\":\"sent\",\"message_id\":\"msg_9\",\"reaction\":\"like\"}")));

    Gateway.react("{\"messageId\":\"chert:msg_9\",\"reaction\":\"+1\"}").statusCode(200);

    chert.verify(
        1,
        postRequestedFor(urlEqualTo(path))
            .withHeader("Authorization", equalTo("Bearer test-chert-bearer"))
            .withHeader("x-chert-signature", absent())
            .withRequestBody(equalTo("{\"reaction\":\"like\"}")));
  }
}
