package dev.reactiongateway.api;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Parser limits far below Jackson's defaults: a reaction request is a flat object of short strings,
 * so deep nesting or huge numbers and strings can only be abuse.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

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
