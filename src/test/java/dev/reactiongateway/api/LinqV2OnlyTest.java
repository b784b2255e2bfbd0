package dev.reactiongateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.Gateway.react;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Linq with only the v2 integration token: v2 works, a v3 id is refused naming the key. */
@QuarkusTest
@TestProfile(LinqV2OnlyTest.TokenOnly.class)
@WithTestResource(ProviderDoubles.class)
class LinqV2OnlyTest {

  /** No v3 API key (an empty value is no value). */
  public static class TokenOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("gateway.linq.api-key", "");
    }
  }

  @ProviderDoubles.Linq WireMockServer linq;

  @Test
  void aV3IdWithoutAnApiKeyIsRefusedNamingTheKeyAndV2StillWorks() {
    linq.resetAll();
    linq.stubFor(
        post("/api/partner/v2/chat_messages/224/reactions")
            .willReturn(aResponse().withStatus(201).withBody("{\"data\":{\"id\":1}}")));

    assertProblem(
            react("{\"messageId\":\"linq:" + LinqV3Test.UUID_ID + "\",\"reaction\":\"love\"}"),
            422,
            "unsupported_operation")
        .body("provider", equalTo("linq"))
        .body(
            "detail",
            equalTo(
                "linq v3 has no credentials on this gateway: set gateway.linq.api-key;"
                    + " nothing was sent"));
    linq.verify(0, anyRequestedFor(anyUrl()));

    react("{\"messageId\":\"linq:224\",\"reaction\":\"love\"}").statusCode(200);
    linq.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void aReadOfAV3IdWithoutAnApiKeyIsRefusedNamingTheKey() {
    linq.resetAll();

    assertProblem(
            given().get("/v1/messages/linq:" + LinqV3Test.UUID_ID + "/reactions").then(),
            422,
            "unsupported_operation")
        .body("provider", equalTo("linq"))
        .body(
            "detail",
            equalTo(
                "linq v3 has no credentials on this gateway: set gateway.linq.api-key;"
                    + " nothing was sent"));
    linq.verify(0, anyRequestedFor(anyUrl()));
  }
}
