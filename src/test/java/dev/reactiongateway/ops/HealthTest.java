package dev.reactiongateway.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.reactiongateway.support.Gateway;
import dev.reactiongateway.support.ProviderDoubles;
import dev.reactiongateway.support.ShortTimings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import org.junit.jupiter.api.Test;

/** A provider outage shows in health data, never in readiness. */
@QuarkusTest
@TestProfile(ShortTimings.class)
@WithTestResource(ProviderDoubles.class)
class HealthTest {

  @ProviderDoubles.Linq WireMockServer linq;

  @Test
  void readinessStaysUpWhileAProviderIsDownAndItsBreakerOpen() {
    CircuitBreakerMaintenance.get().resetAll();
    linq.resetAll();
    linq.stubFor(
        post("/api/partner/v2/chat_messages/7/reactions").willReturn(aResponse().withStatus(500)));
    for (int i = 0; i < 5; i++) {
      Gateway.react("{\"messageId\":\"linq:7\",\"reaction\":\"love\"}").statusCode(502);
    }

    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'providers' }.data.'linq.breaker'", equalTo("open"))
        .body("checks.find { it.name == 'providers' }.data.'chert.breaker'", equalTo("closed"))
        .body("checks.find { it.name == 'idempotency-store' }.data.store", equalTo("memory"))
        .body("checks.find { it.name == 'event-store' }.data.store", equalTo("memory"));
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .get("/q/health/started")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem("gateway-started"));
    CircuitBreakerMaintenance.get().resetAll();
  }
}
