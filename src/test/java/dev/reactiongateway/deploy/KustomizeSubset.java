package dev.reactiongateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The part of kustomize these manifests use, in Java, so the manifest checks run where neither
 * kubectl nor kustomize is installed: resources (files and directories), configMapGenerator from
 * files with a fixed name, {@code replicas}, and patches that add environment variables to a
 * Deployment's containers. Anything else fails loudly instead of rendering something kustomize
 * would not.
 */
final class KustomizeSubset {

  private static final Set<String> SUPPORTED =
      Set.of("apiVersion", "kind", "resources", "configMapGenerator", "replicas", "patches");

  private KustomizeSubset() {}

  static List<JsonNode> build(Path dir) {
    JsonNode kustomization = single(dir.resolve("kustomization.yaml"));
    kustomization
        .fieldNames()
        .forEachRemaining(field -> require(SUPPORTED.contains(field), dir, "field " + field));
    List<JsonNode> objects = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      objects.addAll(Files.isDirectory(path) ? build(path) : Manifests.readYaml(path));
    }
    for (JsonNode generator : kustomization.path("configMapGenerator")) {
      objects.add(configMap(dir, generator));
    }
    for (JsonNode patch : kustomization.path("patches")) {
      require(patch.size() == 1 && patch.has("path"), dir, "patch " + patch);
      addEnv(objects, single(dir.resolve(patch.get("path").asText())), dir);
    }
    for (JsonNode replicas : kustomization.path("replicas")) {
      ObjectNode deployment = deployment(objects, replicas.path("name").asText(), dir);
      ((ObjectNode) deployment.get("spec")).put("replicas", replicas.path("count").asInt());
    }
    return objects;
  }

  private static JsonNode configMap(Path dir, JsonNode generator) {
    JsonNode options = generator.path("options");
    // kustomize would append a content hash to any other name; this subset does not compute it.
    require(options.path("disableNameSuffixHash").asBoolean(), dir, "hashed generator names");
    Set<String> known = Set.of("name", "files", "options");
    generator.fieldNames().forEachRemaining(f -> require(known.contains(f), dir, "generator " + f));
    ObjectNode configMap = JsonNodeFactory.instance.objectNode();
    configMap.put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode metadata = configMap.putObject("metadata");
    metadata.put("name", generator.path("name").asText());
    if (options.has("labels")) {
      metadata.set("labels", options.get("labels"));
    }
    ObjectNode data = configMap.putObject("data");
    for (JsonNode file : generator.path("files")) {
      try {
        data.put(file.asText(), Files.readString(dir.resolve(file.asText())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return configMap;
  }

  /** A strategic merge patch limited to env: entries replace those of the same name or append. */
  private static void addEnv(List<JsonNode> objects, JsonNode patch, Path dir) {
    require("Deployment".equals(patch.path("kind").asText()), dir, "patches of other kinds");
    JsonNode podSpec = patch.path("spec").path("template").path("spec");
    require(
        onlyFields(patch, "apiVersion", "kind", "metadata", "spec")
            && onlyFields(patch.path("metadata"), "name")
            && onlyFields(patch.path("spec"), "template")
            && onlyFields(patch.path("spec").path("template"), "spec")
            && onlyFields(podSpec, "containers"),
        dir,
        "patches other than container env");
    ObjectNode deployment = deployment(objects, patch.path("metadata").path("name").asText(), dir);
    for (JsonNode patched : podSpec.path("containers")) {
      require(onlyFields(patched, "name", "env"), dir, "patches other than container env");
      ObjectNode container = null;
      for (JsonNode candidate :
          deployment.path("spec").path("template").path("spec").path("containers")) {
        if (candidate.path("name").equals(patched.path("name"))) {
          container = (ObjectNode) candidate;
        }
      }
      require(container != null, dir, "a patch for an unknown container " + patched.path("name"));
      ArrayNode env =
          container.has("env") ? (ArrayNode) container.get("env") : container.putArray("env");
      for (JsonNode variable : patched.path("env")) {
        replaceOrAppend(env, variable);
      }
    }
  }

  private static void replaceOrAppend(ArrayNode env, JsonNode variable) {
    for (int i = 0; i < env.size(); i++) {
      if (env.get(i).path("name").equals(variable.path("name"))) {
        env.set(i, variable);
        return;
      }
    }
    env.add(variable);
  }

  private static ObjectNode deployment(List<JsonNode> objects, String name, Path dir) {
    for (JsonNode object : objects) {
      if ("Deployment".equals(object.path("kind").asText())
          && name.equals(object.path("metadata").path("name").asText())) {
        return (ObjectNode) object;
      }
    }
    throw new IllegalStateException(dir + ": no Deployment named " + name);
  }

  private static boolean onlyFields(JsonNode node, String... allowed) {
    Set<String> known = Set.of(allowed);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      if (!known.contains(names.next())) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode single(Path file) {
    List<JsonNode> documents = Manifests.readYaml(file);
    require(documents.size() == 1, file, "several documents in one file");
    return documents.get(0);
  }

  private static void require(boolean supported, Path where, String what) {
    if (!supported) {
      throw new UnsupportedOperationException(
          where + ": " + what + " is not supported by " + KustomizeSubset.class.getSimpleName());
    }
  }
}
