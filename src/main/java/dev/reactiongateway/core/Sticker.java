package dev.reactiongateway.core;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A sticker placed as a reaction, in a received event or a read of a message's reactions; the
 * provider's {@code url} may expire.
 */
@RegisterForReflection
public record Sticker(
    String fileName, String mimeType, Integer width, Integer height, String url) {}
