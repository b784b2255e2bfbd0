package dev.reactiongateway.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Parser limits far below Jackson's defaults for everything the gateway reads (provider answers
 * included): deep nesting or huge numbers and strings can only be abuse. Request bodies get their
 * own limits, bounded by the body size, because their unknown fields must be skipped whatever they
 * hold.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

  /**
   * A copy of {@code mapper} for request bodies: nesting, numbers and strings are bounded only by
   * the 16 KiB body, so an unknown field that nests deeply or holds a long number is skipped rather
   * than refused. Skipping is iterative and builds nothing, so the body size bounds its cost.
   */
  static ObjectMapper forRequestBodies(ObjectMapper mapper) {
    ObjectMapper copy = mapper.copy();
    int bound = (int) HttpEdge.MAX_BODY_BYTES;
    copy.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(bound)
                .maxNumberLength(bound)
                .maxStringLength(bound)
                .build());
    return copy;
  }

  @Override
  public void customize(ObjectMapper mapper) {
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(16)
                .maxNumberLength(32)
                .maxStringLength((int) HttpEdge.MAX_BODY_BYTES)
                .build());
  }
}
