package dev.reactiongateway.deploy;

import static dev.reactiongateway.support.Gateway.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.reactiongateway.support.PackagedCredentials;
import dev.reactiongateway.support.ProviderDoubles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the deployment relies on, checked against the packaged application: the health endpoints its
 * probes call, the metrics endpoint Prometheus scrapes, and no provider stand-ins in a prod build.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedCredentials.class)
@WithTestResource(ProviderDoubles.class)
class PackagedAppIT {

  @ParameterizedTest
  @ValueSource(strings = {"/q/health/started", "/q/health/live", "/q/health/ready"})
  void theProbesEndpointsAnswerUp(String path) {
    given().get(path).then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void prometheusFindsMetricsWhereTheScrapeAnnotationsPoint() {
    given().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE "));
  }

  @Test
  void theProvidersStandInsAreNotInTheProdBuild() {
    assertProblem(
        given()
            .contentType("application/json")
            .body("{\"reaction\":\"love\"}")
            .post("/_stand-ins/chert/api/v1/messages/x/react")
            .then(),
        404,
        "not_found");
  }
}
