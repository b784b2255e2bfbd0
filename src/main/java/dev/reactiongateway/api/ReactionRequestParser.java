package dev.reactiongateway.api;

import static dev.reactiongateway.core.ErrorCode.INVALID_MESSAGE_ID;
import static dev.reactiongateway.core.ErrorCode.INVALID_REACTION;
import static dev.reactiongateway.core.ErrorCode.INVALID_REQUEST;
import static dev.reactiongateway.core.ErrorCode.UNKNOWN_PROVIDER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.reactiongateway.core.CustomEmoji;
import dev.reactiongateway.core.GatewayException;
import dev.reactiongateway.core.MessageRef;
import dev.reactiongateway.core.Operation;
import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.Providers;
import dev.reactiongateway.core.ReactionCommand;
import dev.reactiongateway.core.ReactionValue;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a raw body into a canonical {@link ReactionCommand}, or a 400 whose detail says what to
 * change. Nothing here touches a provider.
 */
@ApplicationScoped
public class ReactionRequestParser {

  private static final Pattern QUALIFIED = Pattern.compile("([A-Za-z]+):(.*)", Pattern.DOTALL);
  private static final int ECHO_LIMIT = 40;
  private static final String REACTIONS =
      "love, like, dislike, laugh, emphasize, question (or an alias), or any single emoji";
  private static final int MAX_PART_INDEX = 100;

  private final ReactionBodyReader bodies;
  private final Providers providers;

  /** "use 'a' or 'b'": the registered providers, as the details name them. */
  private final String useProviders;

  /** "a:<id> or b:<id>". */
  private final String qualifiedForms;

  /** ", for a, an integer" when some provider takes integer ids, for "must be a string". */
  private final String integerIdsNote;

  ReactionRequestParser(ObjectMapper mapper, Providers providers) {
    this.bodies = new ReactionBodyReader(mapper);
    this.providers = providers;
    List<Provider> all = providers.all();
    this.useProviders = "use " + either(all, provider -> "'" + provider.wireName() + "'");
    this.qualifiedForms = either(all, provider -> provider.wireName() + ":<id>");
    List<Provider> integers = all.stream().filter(providers::acceptsIntegerIds).toList();
    this.integerIdsNote =
        integers.isEmpty()
            ? ""
            : " (or, for " + either(integers, Provider::wireName) + ", an integer)";
  }

  /** "x", "x or y", "x, y or z". */
  static String either(List<String> names) {
    int last = names.size() - 1;
    return last <= 0
        ? String.join("", names)
        : String.join(", ", names.subList(0, last)) + " or " + names.get(last);
  }

  private static String either(List<Provider> providers, Function<Provider, String> shown) {
    return either(providers.stream().map(shown).toList());
  }

  /** Unicode's emoji data is loaded at startup, not on the first custom reaction's event loop. */
  void loadEmojiData(@Observes StartupEvent started) {
    CustomEmoji.load();
  }

  public ReactionCommand parse(byte[] body, String requestId) {
    ReactionRequest request = bodies.read(body);
    MessageRef message = message(request.provider(), request.messageId());
    try {
      return new ReactionCommand(
          message, reaction(request), operation(request), partIndex(request), requestId);
    } catch (GatewayException invalid) {
      throw invalid.involving(message.provider());
    }
  }

  private static Operation operation(ReactionRequest request) {
    return text(request.operation(), "operation")
        .map(
            raw ->
                Operation.parse(raw)
                    .orElseThrow(
                        () ->
                            GatewayException.rejected(
                                INVALID_REQUEST,
                                "operation must be 'add' or 'remove', not " + echo(raw))))
        .orElse(Operation.ADD);
  }

  /**
   * The message a read names by its path's {@code messageId} and optional {@code ?provider=}: the
   * same rules as a body's {@code messageId} and {@code provider}, with the same answers.
   */
  public MessageRef message(String provider, String messageId) {
    return message(TextNode.valueOf(provider), TextNode.valueOf(messageId));
  }

  private MessageRef message(JsonNode rawProvider, JsonNode rawId) {
    Optional<Provider> named =
        text(rawProvider, "provider")
            .map(
                raw ->
                    providers
                        .parse(raw)
                        .orElseThrow(
                            () ->
                                GatewayException.rejected(
                                    UNKNOWN_PROVIDER,
                                    echo(raw) + " is not a provider; " + useProviders)));
    if (absent(rawId)) {
      throw GatewayException.rejected(INVALID_REQUEST, "messageId is required");
    }
    if (rawId.isIntegralNumber()) {
      Provider provider = named.orElseThrow(this::providerRequired);
      if (!providers.acceptsIntegerIds(provider)) {
        throw GatewayException.rejected(
                INVALID_REQUEST, provider.wireName() + " message ids must be sent as strings")
            .involving(provider);
      }
      return messageRef(provider, rawId.bigIntegerValue().toString());
    }
    if (!rawId.isTextual()) {
      throw GatewayException.rejected(
          INVALID_REQUEST, "messageId must be a string" + integerIdsNote);
    }
    String id = rawId.textValue();
    Matcher qualified = QUALIFIED.matcher(id);
    if (qualified.matches()) {
      Optional<Provider> qualifier = providers.parse(qualified.group(1));
      if (qualifier.isPresent()) {
        if (named.isPresent() && !named.get().equals(qualifier.get())) {
          throw GatewayException.rejected(
              INVALID_MESSAGE_ID,
              "messageId is qualified as "
                  + qualifier.get().wireName()
                  + " but provider is "
                  + named.get().wireName()
                  + "; make them agree or drop one");
        }
        return messageRef(qualifier.get(), qualified.group(2));
      }
      if (named.isEmpty()) {
        throw GatewayException.rejected(
            UNKNOWN_PROVIDER,
            echo(qualified.group(1)) + " in messageId is not a provider; " + useProviders);
      }
    }
    return messageRef(named.orElseThrow(this::providerRequired), id);
  }

  private MessageRef messageRef(Provider provider, String id) {
    try {
      return providers.message(provider, id);
    } catch (GatewayException invalid) {
      throw invalid.involving(provider);
    }
  }

  private GatewayException providerRequired() {
    return GatewayException.rejected(
        INVALID_REQUEST, "provider is required unless messageId is qualified as " + qualifiedForms);
  }

  private static ReactionValue reaction(ReactionRequest request) {
    Optional<ReactionValue> reaction = text(request.reaction(), "reaction").map(raw -> known(raw));
    Optional<ReactionValue> type = text(request.type(), "type").map(raw -> known(raw));
    if (reaction.isPresent() && type.isPresent() && !reaction.get().equals(type.get())) {
      throw GatewayException.rejected(
          INVALID_REQUEST,
          "reaction '"
              + reaction.get().wireName()
              + "' and type '"
              + type.get().wireName()
              + "' disagree; send only one of them");
    }
    return reaction
        .or(() -> type)
        .orElseThrow(
            () ->
                GatewayException.rejected(
                    INVALID_REQUEST, "reaction is required (one of " + REACTIONS + ")"));
  }

  private static ReactionValue known(String raw) {
    return ReactionValue.parse(raw)
        .orElseThrow(
            () ->
                GatewayException.rejected(
                    INVALID_REACTION, echo(raw) + " is not a reaction; use one of " + REACTIONS));
  }

  private static OptionalInt partIndex(ReactionRequest request) {
    JsonNode part = request.partIndex();
    if (absent(part)) {
      return OptionalInt.empty();
    }
    if (!part.isIntegralNumber()
        || !part.canConvertToInt()
        || part.intValue() < 0
        || part.intValue() > MAX_PART_INDEX) {
      throw GatewayException.rejected(
          INVALID_REQUEST,
          "partIndex must be an integer from 0 to "
              + MAX_PART_INDEX
              + " (the 0-based part of the message), or absent");
    }
    return OptionalInt.of(part.intValue());
  }

  private static Optional<String> text(JsonNode node, String field) {
    if (absent(node)) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw GatewayException.rejected(INVALID_REQUEST, field + " must be a string");
    }
    return Optional.of(node.textValue());
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /** Quotes caller input in a detail, shortened so a detail never carries a whole body back. */
  private static String echo(String raw) {
    String shown = raw.length() > ECHO_LIMIT ? raw.substring(0, ECHO_LIMIT) + "…" : raw;
    StringBuilder out = new StringBuilder("'");
    shown.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
    return out.append('\'').toString();
  }
}
