package dev.reactiongateway.api;

import static dev.reactiongateway.support.Gateway.assertProblem;
import static dev.reactiongateway.support.LinqWebhookDeliveries.deliver;
import static dev.reactiongateway.support.LinqWebhookDeliveries.reactionAdded;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reactiongateway.events.EventStore;
import dev.reactiongateway.support.LinqWebhookDeliveries;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /webhooks/linq}'s answers, and reading the recorded events back by pull. */
@QuarkusTest
@TestProfile(ReactionEventsTest.Events.class)
class ReactionEventsTest {

  static final int MAX_EVENTS = 20;

  /** Linq's webhooks configured; a small memory store. */
  public static class Events implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "gateway.linq.webhook-secrets",
          LinqWebhookDeliveries.SECRET,
          "gateway.events.max-events",
          Integer.toString(MAX_EVENTS));
    }
  }

  @Inject EventStore store;

  /** The newest position when the test began: what it reads after. */
  String start;

  @BeforeEach
  void rememberTheNewest() {
    start = store.last().await().indefinitely();
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  static JsonPath read(String query) {
    return given()
        .get("/v1/reaction-events" + query)
        .then()
        .statusCode(200)
        .contentType(containsString("application/json"))
        .extract()
        .jsonPath();
  }

  @Test
  void aVerifiedReactionIsRecordedOnceAndReadBackInTheCanonicalShape() {
    String id = newId();
    deliver(reactionAdded(id, "love")).statusCode(204);
    deliver(reactionAdded(id, "love")).statusCode(204);

    JsonPath page = read("?after=" + start);
    assertEquals(1, page.getList("events").size(), "a redelivery is not recorded again");
    assertEquals("linq:" + id, page.getString("events[0].id"));
    assertEquals("reaction.added", page.getString("events[0].type"));
    assertEquals("love", page.getString("events[0].reaction"));
    assertEquals("550e8400-e29b-41d4-a716-446655440001", page.getString("events[0].messageId"));
    assertEquals("+14155559876", page.getString("events[0].from.handle"));
    assertEquals("2026-02-05T19:31:13.736Z", page.getString("events[0].occurredAt"));
    Map<String, Object> event = page.getMap("events[0]");
    assertEquals(true, event.containsKey("sticker") && event.get("sticker") == null, "nulls kept");
    assertEquals(16, event.size(), "every field of the canonical event is written");
    Instant.parse(page.getString("events[0].receivedAt"));
  }

  @Test
  void aBadSignatureIs401AndRecordsNothing() {
    String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    assertProblem(
            deliver(reactionAdded(newId(), "like"), other, Instant.now().getEpochSecond()),
            401,
            "invalid_signature")
        .body("detail", containsString("no webhook-signature entry matches"));
    assertProblem(
        given()
            .contentType("application/json")
            .body(reactionAdded(newId(), "like"))
            .post("/webhooks/linq")
            .then(),
        401,
        "invalid_signature");

    assertEquals(List.of(), read("?after=" + start).getList("events"));
  }

  @Test
  void aStaleTimestampIs401() {
    long stale = Instant.now().minusSeconds(301).getEpochSecond();
    assertProblem(
        deliver(reactionAdded(newId(), "like"), LinqWebhookDeliveries.SECRET, stale),
        401,
        "invalid_signature");
  }

  @Test
  void aVerifiedBodyThatIsNotALinqEventIs400() {
    assertProblem(deliver("{\"hello\":\"world\"}"), 400, "invalid_event")
        .body("detail", containsString("event_type, event_id and a data object"));
    assertProblem(deliver("not json"), 400, "invalid_event");
  }

  @Test
  void aVerifiedEventThatIsNotAReactionIs204AndNotRecorded() {
    deliver(
            "{\"api_version\":\"v3\",\"event_type\":\"message.received\",\"event_id\":\""
                + newId()
                + "\",\"data\":{}}")
        .statusCode(204);
    assertEquals(List.of(), read("?after=" + start).getList("events"));
  }

  @Test
  void bodiesUpTo64KiBAreReceivedAndLargerOnes413() {
    String padded =
        reactionAdded(newId(), "laugh")
            .replace("\"partner_abc123\"", "\"" + "p".repeat(40_000) + "\"");
    deliver(padded).statusCode(204);

    byte[] large = new byte[64 * 1024 + 1];
    java.util.Arrays.fill(large, (byte) ' ');
    assertProblem(
        given().contentType("application/json").body(large).post("/webhooks/linq").then(),
        413,
        "payload_too_large");
  }

  @Test
  void aProviderWithoutAReceiverIs404() {
    assertProblem(
        given().contentType("application/json").body("{}").post("/webhooks/chert").then(),
        404,
        "not_found");
  }

  @Test
  void pagesFollowTheCursorAndAnEmptyPageGivesItBack() {
    String a = newId();
    String b = newId();
    String c = newId();
    for (String id : List.of(a, b, c)) {
      deliver(reactionAdded(id, "like")).statusCode(204);
    }

    JsonPath first = read("?limit=2&after=" + start);
    JsonPath second = read("?limit=2&after=" + first.getString("next"));
    JsonPath empty = read("?limit=2&after=" + second.getString("next"));

    assertEquals(List.of("linq:" + a, "linq:" + b), first.getList("events.id"));
    assertEquals(List.of("linq:" + c), second.getList("events.id"));
    assertEquals(List.of(), empty.getList("events"));
    assertEquals(second.getString("next"), empty.getString("next"));
  }

  @Test
  void withoutACursorTheOldestKeptEventComesFirst() {
    given()
        .get("/v1/reaction-events?limit=1")
        .then()
        .statusCode(200)
        .body("$", hasKey("next"))
        .body("events.size()", org.hamcrest.Matchers.lessThanOrEqualTo(1));
  }

  @Test
  void malformedParametersAre400SayingWhatToChange() {
    assertProblem(given().get("/v1/reaction-events?after=yesterday").then(), 400, "invalid_request")
        .body("detail", containsString("after must be"));
    for (String limit : List.of("0", "1001", "ten")) {
      assertProblem(
              given().get("/v1/reaction-events?limit=" + limit).then(), 400, "invalid_request")
          .body("detail", equalTo("limit must be a whole number from 1 to 1000"));
    }
    assertProblem(given().get("/v1/reaction-events?wait=31").then(), 400, "invalid_request")
        .body("detail", equalTo("wait must be a whole number from 0 to 30"));
  }

  @Test
  void aCursorOlderThanWhatIsKeptIs410() {
    dropTheOldest();
    assertProblem(given().get("/v1/reaction-events?after=0-0").then(), 410, "cursor_expired");
  }

  /** Makes the store drop events: more than it keeps. */
  void dropTheOldest() {
    for (int i = 0; i <= MAX_EVENTS; i++) {
      store.record(newId(), "{}".getBytes(StandardCharsets.UTF_8)).await().indefinitely();
    }
  }

  @Test
  void aLongPollIsAnsweredByTheNextRecordedEvent() throws Exception {
    CompletableFuture<JsonPath> polling =
        CompletableFuture.supplyAsync(() -> read("?wait=20&after=" + start));
    String id = newId();
    Thread.sleep(300);
    // The poll is parked, not blocking the one event loop: the webhook is still received.
    while (!polling.isDone()) {
      deliver(reactionAdded(id, "question")).statusCode(204);
      Thread.sleep(100);
    }
    assertEquals(List.of("linq:" + id), polling.get().getList("events.id"));
  }

  @Test
  void aLongPollWithNothingNewEndsEmptyWithTheSameCursor() {
    given()
        .get("/v1/reaction-events?wait=1&after=" + start)
        .then()
        .statusCode(200)
        .body("events", empty())
        .body("next", equalTo(start));
  }

  @Test
  void webhooksAreCountedByOutcome() {
    deliver(reactionAdded(newId(), "dislike")).statusCode(204);
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("gateway_webhooks_total{outcome=\"recorded\",provider=\"linq\"}"));
  }
}
