package dev.reactiongateway.api;

import dev.reactiongateway.core.Provider;
import dev.reactiongateway.core.Providers;
import io.quarkus.arc.Arc;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Completes the served OpenAPI document with the registered providers: the request's {@code
 * provider} pattern and description and the answers' {@code provider} enumeration. Runs when the
 * application runs, where the adapters are known; {@link OpenApiProblems} runs at build time.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUN)
public class OpenApiProviders implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI openApi) {
    List<String> names =
        Arc.container().instance(Providers.class).get().all().stream()
            .map(Provider::wireName)
            .toList();
    Map<String, Schema> schemas = openApi.getComponents().getSchemas();
    Schema named = schemas.get("ReactionRequest").getProperties().get("provider");
    named.setPattern(
        names.stream()
            .map(OpenApiProviders::anyCase)
            .collect(Collectors.joining("|", "^\\s*(", ")\\s*$")));
    named.setDescription(
        ReactionRequestParser.either(names)
            + ", case-insensitive. Required unless messageId is qualified ("
            + names.stream().map(name -> name + ":<id>").collect(Collectors.joining(", "))
            + ").");
    for (String answer : List.of("ReactionResponse", "MessageReactionsResponse")) {
      schemas.get(answer).getProperties().get("provider").setEnumeration(List.copyOf(names));
    }
  }

  /** {@code [Ll][Ii][Nn][Qq]}: the name in any case, as an ECMA-262 pattern can say it. */
  private static String anyCase(String name) {
    StringBuilder pattern = new StringBuilder();
    name.chars()
        .forEach(
            c ->
                pattern
                    .append('[')
                    .append(Character.toUpperCase((char) c))
                    .append((char) c)
                    .append(']'));
    return pattern.toString();
  }
}
