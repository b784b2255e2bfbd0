package dev.reactiongateway.events.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventHeadTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsWhatDeliveryNeedsFromTheCanonicalEvent() {
    Deliveries.Event event =
        Deliveries.event("linq", "reaction.removed", Instant.parse("2026-02-05T19:31:13.912Z"));
    assertEquals(
        new EventHead(
            event.id(), "reaction.removed", "linq", Instant.parse("2026-02-05T19:31:13.912Z")),
        EventHead.of(JSON, event.json()));
  }

  @Test
  void refusesJsonThatIsNotACanonicalEvent() {
    for (String json :
        new String[] {
          "not json", "{\"type\":\"reaction.added\",\"receivedAt\":\"2026-02-05T19:31:13Z\"}",
          "{\"id\":\"linq:1\",\"receivedAt\":\"yesterday\"}", "{\"id\":\"linq:1\"}"
        }) {
      assertThrows(
          IllegalArgumentException.class,
          () -> EventHead.of(JSON, json.getBytes(StandardCharsets.UTF_8)),
          json);
    }
  }
}
