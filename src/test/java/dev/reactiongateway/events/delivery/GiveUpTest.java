package dev.reactiongateway.events.delivery;

import static dev.reactiongateway.events.delivery.Deliveries.event;
import static dev.reactiongateway.events.delivery.Deliveries.eventually;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reactiongateway.events.EventSignals;
import dev.reactiongateway.events.EventStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** An event a subscriber keeps failing is given up after the (here shrunken) maximum age. */
@QuarkusTest
@TestProfile(GiveUpTest.Profile.class)
@WithTestResource(Subscribers.class)
class GiveUpTest {

  /** One subscriber that always answers 500; events are given up two seconds after receipt. */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.subscribers.down.url", "${test.subscribers.base-url}/down",
          "gateway.subscribers.down.secret", PushDeliveryTest.ORDERS_SECRET,
          "gateway.delivery.max-age", "2s");
    }
  }

  static final Pattern GIVEN_UP =
      Pattern.compile("gateway_deliveries_given_up_total\\{subscriber=\"down\"} ([0-9.]+)");

  @Inject EventStore store;
  @Inject EventSignals signals;
  Subscribers subscribers;

  @Test
  void aFailingDeliveryIsRetriedUntilTheMaximumAgeThenGivenUpAndDone() throws Exception {
    double before = givenUp();
    Deliveries.Event event = Deliveries.record(store, signals, event("linq", "reaction.added"));
    eventually(Duration.ofSeconds(10), "given up", () -> givenUp() == before + 1);
    // At 0 s, after 0.5–1 s, and after a further 1–2 s if that is still within the 2 s.
    int attempts = subscribers.arrivals("/down", event.id()).size();
    assertTrue(attempts == 2 || attempts == 3, attempts + " attempts");
    eventually(Duration.ofSeconds(5), "done: no longer pending", () -> pending() == 0);
  }

  @Test
  void anEventOlderThanTheMaximumAgeIsGivenUpWithoutAnAttempt() throws Exception {
    double before = givenUp();
    Deliveries.Event event =
        Deliveries.record(
            store, signals, event("linq", "reaction.added", Instant.now().minusSeconds(60)));
    eventually(Duration.ofSeconds(5), "given up", () -> givenUp() == before + 1);
    assertEquals(0, subscribers.arrivals("/down", event.id()).size());
    eventually(Duration.ofSeconds(5), "done: no longer pending", () -> pending() == 0);
  }

  /** The subscriber's events held by anyone: a probe consumer takes over every one of them. */
  private int pending() {
    return store
        .takeOver("down", "probe", Duration.ZERO, 100)
        .await()
        .atMost(Duration.ofSeconds(5))
        .size();
  }

  private static double givenUp() {
    Matcher matcher =
        GIVEN_UP.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }
}
