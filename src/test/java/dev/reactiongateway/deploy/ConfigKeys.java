package dev.reactiongateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys an operator may set, by their environment-variable names: every runtime
 * key of the configuration table (docs/resilience-and-configuration.md), plus the few Quarkus keys
 * the manifests use.
 */
final class ConfigKeys {

  /** Quarkus's own keys that the manifests set and the configuration table does not list. */
  static final List<String> QUARKUS_KEYS = List.of("quarkus.log.level");

  private static final Pattern KEY = Pattern.compile("`([a-z0-9.-]+)`");

  private final Map<String, String> byEnvName;

  private ConfigKeys(Map<String, String> byEnvName) {
    this.byEnvName = byEnvName;
  }

  static ConfigKeys fromTable(Path page) {
    String text;
    try {
      text = Files.readString(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> keys = new HashMap<>();
    QUARKUS_KEYS.forEach(key -> keys.put(envName(key), key));
    boolean inConfiguration = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("## ")) {
        inConfiguration = line.equals("## Configuration");
      } else if (inConfiguration && line.startsWith("| `") && !line.contains("**build time**")) {
        // A build-time key set on a running pod would silently change nothing.
        Matcher key = KEY.matcher(line.split("\\|")[1]);
        while (key.find()) {
          keys.put(envName(key.group(1)), key.group(1));
        }
      }
    }
    return new ConfigKeys(keys);
  }

  /** The standard mapping: upper case, every non-alphanumeric character replaced by {@code _}. */
  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** The key an environment variable sets, if any. */
  Optional<String> keyFor(String envName) {
    return Optional.ofNullable(byEnvName.get(envName));
  }

  int size() {
    return byEnvName.size();
  }
}
