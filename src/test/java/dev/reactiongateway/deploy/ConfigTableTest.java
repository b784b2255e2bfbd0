package dev.reactiongateway.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The configuration table (docs/resilience-and-configuration.md) is the one place every key is
 * documented: each key of the gateway's {@code @ConfigMapping} interfaces is a row of it, and each
 * {@code gateway.*} row is a key one of them reads.
 */
class ConfigTableTest {

  private static final Path CLASSES = Path.of("target", "classes");
  private static final Path TABLE = Path.of("docs", "resilience-and-configuration.md");

  @Test
  void everyMappedKeyIsARowAndEveryGatewayRowIsMapped() throws IOException {
    List<Class<?>> mappings = configMappings();
    Set<String> mapped = new TreeSet<>();
    for (Class<?> mapping : mappings) {
      ConfigMappings.getProperties(ConfigClass.configClass(mapping)).keySet().stream()
          // A list's indexed form (key[0]) is the same key, given comma-separated in the table.
          .map(key -> key.replace("[*]", "").replace("*", ConfigKeys.NAME))
          .forEach(mapped::add);
    }
    Set<String> documented =
        ConfigKeys.tableKeys(Files.readString(TABLE), true).stream()
            .map(key -> key.replace("\"", ""))
            .filter(key -> key.startsWith("gateway."))
            .collect(Collectors.toCollection(TreeSet::new));

    assertTrue(
        mappings.size() > 5, "@ConfigMapping interfaces found under " + CLASSES + ": " + mappings);
    assertTrue(documented.size() > 5, "gateway.* keys in the configuration table: " + documented);
    assertEquals(
        Set.of(), difference(mapped, documented), "keys the gateway reads, missing from the table");
    assertEquals(Set.of(), difference(documented, mapped), "table rows no @ConfigMapping reads");
  }

  private static Set<String> difference(Set<String> these, Set<String> those) {
    Set<String> rest = new TreeSet<>(these);
    rest.removeAll(those);
    return rest;
  }

  private static List<Class<?>> configMappings() throws IOException {
    try (Stream<Path> files = Files.walk(CLASSES)) {
      return files
          .filter(file -> file.toString().endsWith(".class"))
          .map(file -> CLASSES.relativize(file).toString())
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .map(ConfigTableTest::load)
          .filter(type -> type.isAnnotationPresent(ConfigMapping.class))
          .toList();
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ConfigTableTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(name + " is under " + CLASSES + " but cannot be loaded", e);
    }
  }
}
