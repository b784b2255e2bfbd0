package dev.reactiongateway.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.ValidatableResponse;

/** Calls {@code POST /v1/reactions} and checks the parts every answer shares. */
public final class Gateway {

  private Gateway() {}

  public static ValidatableResponse react(String json) {
    return given().contentType("application/json").body(json).post("/v1/reactions").then();
  }

  /** Asserts a problem+json answer whose requestId equals the X-Request-Id header. */
  public static ValidatableResponse assertProblem(
      ValidatableResponse response, int status, String code) {
    ValidatableResponse checked =
        response
            .statusCode(status)
            .contentType(startsWith("application/problem+json"))
            .body("status", equalTo(status))
            .body("code", equalTo(code))
            .body(
                "type", equalTo("https://reaction-gateway.dev/problems/" + code.replace('_', '-')));
    String requestId = checked.extract().header("X-Request-Id");
    return checked.body("requestId", equalTo(requestId));
  }
}
