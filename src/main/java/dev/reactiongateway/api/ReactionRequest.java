package dev.reactiongateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The inbound body as sent, before normalisation. Fields are raw JSON so that a wrong type gets its
 * own precise answer instead of a generic binding error. Unknown fields are ignored.
 */
@Schema(
    name = "ReactionRequest",
    description =
        "Put a tapback on a message, or take one off. Send it as application/json. Unknown extra"
            + " fields are ignored, whatever they hold.")
public record ReactionRequest(
    // Its pattern and description name the registered providers: OpenApiProviders.
    @Schema(implementation = String.class) JsonNode provider,
    @Schema(
            required = true,
            implementation = Object.class,
            oneOf = {String.class, Long.class},
            description =
                "The provider's message id, optionally qualified as chert:<id> or linq:<id>."
                    + " Chert: 1-128 of A-Z a-z 0-9 _ - . (not '.' or '..'). Linq: a positive"
                    + " 64-bit integer, as a string or a JSON integer (Linq's v2 API), or a UUID"
                    + " 8-4-4-4-12 hex, any case (Linq's v3 API).",
            example = "linq:224")
        JsonNode messageId,
    @Schema(
            implementation = String.class,
            description =
                "love, like, dislike, laugh, emphasize or question (case-insensitive), or an"
                    + " alias: ❤️ ❤ heart, 👍 thumbsup thumbs_up +1, 👎 thumbsdown thumbs_down -1,"
                    + " 😂 haha lol, ‼️ ‼ exclamation !!, ❓ ? question_mark. Or any other single"
                    + " emoji (a custom reaction): one RGI emoji of Unicode (UTS #51), ZWJ"
                    + " sequences, flags, keycaps and skin tones included, with or without its"
                    + " U+FE0F presentation selectors; two emoji, emoji with text or a text-style"
                    + " (U+FE0E) emoji are invalid_reaction. Required unless type is sent.",
            example = "love")
        JsonNode reaction,
    @Schema(
            implementation = String.class,
            description =
                "Synonym of reaction (Linq's name); one of the two is required, and if both are"
                    + " sent they must agree.")
        JsonNode type,
    @Schema(
            implementation = String.class,
            pattern = "^\\s*([Aa][Dd][Dd]|[Rr][Ee][Mm][Oo][Vv][Ee])\\s*$",
            description =
                "add or remove, case-insensitive; absent means add. remove is not supported by"
                    + " chert.")
        JsonNode operation,
    @Schema(
            implementation = Integer.class,
            minimum = "0",
            maximum = "100",
            description =
                "The 0-based part of a multi-part message to react to; absent means the"
                    + " provider's default, part 0. Only Linq's v3 API can target another part.",
            example = "1")
        JsonNode partIndex) {}
