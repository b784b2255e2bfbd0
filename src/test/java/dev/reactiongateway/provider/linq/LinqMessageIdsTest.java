package dev.reactiongateway.provider.linq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinqMessageIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"1", "224", "9223372036854775807"})
  void linqAcceptsPositiveLongsAsV2Ids(String id) {
    assertEquals(Optional.of(id), LinqMessageIds.v2(id));
    assertTrue(LinqMessageIds.v3(id).isEmpty());
  }

  @Test
  void linqIdsAreCanonicalised() {
    assertEquals(Optional.of("7"), LinqMessageIds.v2("007"));
    assertEquals(
        Optional.of("0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a10"),
        LinqMessageIds.v3("0B6C4A4E-3C1F-4B8E-9A8E-2F5D7C1E9A10"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"abc", "0", "-1", "9223372036854775808", "+5", "1.0", "1e3", " 1", "", "00"})
  void linqRejectsAnythingButAPositiveLongOrAUuid(String id) {
    assertTrue(LinqMessageIds.v2(id).isEmpty(), id);
    assertTrue(LinqMessageIds.v3(id).isEmpty(), id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0b6c4a4e3c1f4b8e9a8e2f5d7c1e9a10",
        "{0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a10}",
        "0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a1",
        "0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a10x",
        "0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a1g",
        "0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a10/../x",
        " 0b6c4a4e-3c1f-4b8e-9a8e-2f5d7c1e9a10"
      })
  void v3IdsAreExactly8_4_4_4_12Hex(String id) {
    assertTrue(LinqMessageIds.v3(id).isEmpty(), id);
  }
}
