package dev.reactiongateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of the container images without a container engine: they run as the user and
 * listen on the port the Deployment expects, and the whitelist .dockerignore sends exactly what
 * their COPY instructions read.
 */
class ContainerImageTest {

  private static final Path DOCKER = Path.of("src/main/docker");

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native-micro"})
  void imageRunsAsTheDeploymentsUserOnItsPort(String dockerfile) throws IOException {
    List<String> lines = instructions(dockerfile);
    Deployment deployment =
        (Deployment)
            Manifests.bind(
                Manifests.readYaml(Manifests.DEPLOY.resolve("base/deployment.yaml")).get(0));
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertEquals("USER " + pod.getSecurityContext().getRunAsUser(), last(lines, "USER "));
    assertEquals(
        "EXPOSE " + container.getPorts().get(0).getContainerPort(), last(lines, "EXPOSE "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dockerfile.jvm", "Dockerfile.native-micro"})
  void dockerignoreSendsWhatTheImageCopiesAndNothingElse(String dockerfile) throws IOException {
    List<String> rules = Files.readAllLines(Path.of(".dockerignore"));
    List<String> sources = new ArrayList<>();
    for (String line : instructions(dockerfile)) {
      if (line.startsWith("COPY ")) {
        String[] words = line.split("\\s+");
        sources.add(words[words.length - 2]);
      }
    }
    assertFalse(sources.isEmpty());
    for (String source : sources) {
      // A file the source names: a wildcard stands for a name, a directory for a file inside it.
      String file = source.replace("*", "reaction-gateway") + (source.endsWith("/") ? "x.jar" : "");
      assertTrue(sent(rules, file), source + " is not in the build context");
    }
    for (String other : List.of("src/main/java/A.java", "target/classes/a.class", ".git/config")) {
      assertFalse(sent(rules, other), other + " should stay out of the build context");
    }
  }

  /**
   * The benchmarks measure what the image runs: bench/pod-jvm.sh's flags are the JVM options the
   * image's ENV lines give run-java.sh (GC options, the heap and JVM flags appended, which take
   * precedence over the script's own), and its malloc arena count is the image's.
   */
  @Test
  void benchmarksRunTheImagesJvmFlags() throws IOException {
    Map<String, String> env = new HashMap<>();
    Matcher line =
        Pattern.compile("ENV (\\w+)=\"?([^\"\\n]*)\"?")
            .matcher(String.join("\n", instructions("Dockerfile.jvm")));
    while (line.find()) {
      env.put(line.group(1), line.group(2));
    }
    Set<String> image = new TreeSet<>(words(env.get("GC_CONTAINER_OPTIONS")));
    for (String flag : words(env.get("JAVA_OPTS_APPEND"))) {
      if ((flag.startsWith("-XX:") || flag.startsWith("-Xm"))
          && !flag.startsWith("-XX:SharedArchiveFile=")) {
        image.add(flag);
      }
    }
    Map<String, String> bench = new HashMap<>();
    for (String assignment : Files.readAllLines(Path.of("bench/pod-jvm.sh"))) {
      Matcher variable = Pattern.compile("^(\\w+)=\"?([^\"]*)\"?$").matcher(assignment);
      if (variable.matches()) {
        bench.put(variable.group(1), variable.group(2));
      }
    }
    assertEquals(image, new TreeSet<>(words(bench.get("POD_JAVA_OPTS"))));
    assertEquals(env.get("MALLOC_ARENA_MAX"), bench.get("POD_MALLOC_ARENA_MAX"));
  }

  private static List<String> words(String text) {
    return Arrays.asList(text.trim().split("\\s+"));
  }

  /** Docker's rule: the last pattern matching the path or one of its parents decides. */
  private static boolean sent(List<String> rules, String path) {
    boolean sent = true;
    for (String rule : rules) {
      boolean include = rule.startsWith("!");
      Pattern pattern = glob(include ? rule.substring(1) : rule);
      for (String prefix = path; !prefix.isEmpty(); prefix = parent(prefix)) {
        if (pattern.matcher(prefix).matches()) {
          sent = include;
          break;
        }
      }
    }
    return sent;
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(c == '*' ? "[^/]*" : c == '?' ? "[^/]" : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }

  /** The Dockerfile's instructions, continuation lines joined and comments dropped. */
  private static List<String> instructions(String dockerfile) throws IOException {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(DOCKER.resolve(dockerfile))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      current.append(line.strip());
      if (line.endsWith("\\")) {
        current.setLength(current.length() - 1);
      } else {
        instructions.add(current.toString());
        current.setLength(0);
      }
    }
    return instructions;
  }

  private static String last(List<String> lines, String instruction) {
    String last = null;
    for (String line : lines) {
      if (line.startsWith(instruction)) {
        last = line;
      }
    }
    return last;
  }
}
