package dev.reactiongateway.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  private static final Pattern KEY = Pattern.compile("`([a-z0-9.<>\"-]+)`");

  /** A map key's placeholder in the table, as in {@code gateway.subscribers."<name>".url}. */
  static final String NAME = "<name>";

  /**
   * What a map key becomes in an environment variable's name: letters and digits, which SmallRye
   * Config reads back in lower case (an {@code _} inside a name would come back as a dot).
   */
  private static final String ENV_NAME = "[A-Z0-9]+";

  private final Map<String, String> byEnvName;
  private final Map<Pattern, String> byEnvPattern;

  private ConfigKeys(Map<String, String> byEnvName, Map<Pattern, String> byEnvPattern) {
    this.byEnvName = byEnvName;
    this.byEnvPattern = byEnvPattern;
  }

  static ConfigKeys fromTable(Path page) {
    String text;
    try {
      text = Files.readString(page);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> keys = new HashMap<>();
    Map<Pattern, String> patterns = new HashMap<>();
    QUARKUS_KEYS.forEach(key -> keys.put(envName(key), key));
    // A build-time key set on a running pod would silently change nothing.
    for (String name : tableKeys(text, false)) {
      if (name.contains(NAME)) {
        patterns.put(envPattern(name), name);
      } else {
        keys.put(envName(name), name);
      }
    }
    return new ConfigKeys(keys, patterns);
  }

  /** The keys of the configuration table's rows, with the build-time rows only if asked for. */
  static List<String> tableKeys(String page, boolean buildTime) {
    List<String> keys = new ArrayList<>();
    boolean inConfiguration = false;
    for (String line : page.split("\n")) {
      if (line.startsWith("## ")) {
        inConfiguration = line.equals("## Configuration");
      } else if (inConfiguration
          && line.startsWith("| `")
          && (buildTime || !line.contains("**build time**"))) {
        Matcher key = KEY.matcher(line.split("\\|")[1]);
        while (key.find()) {
          keys.add(key.group(1));
        }
      }
    }
    return keys;
  }

  /** The environment names of a key with a {@code <name>} placeholder, for any one name. */
  private static Pattern envPattern(String key) {
    String[] parts = key.split(Pattern.quote(NAME), -1);
    StringBuilder regex = new StringBuilder(Pattern.quote(envName(parts[0])));
    for (int i = 1; i < parts.length; i++) {
      regex.append(ENV_NAME).append(Pattern.quote(envName(parts[i])));
    }
    return Pattern.compile(regex.toString());
  }

  /** The standard mapping: upper case, every non-alphanumeric character replaced by {@code _}. */
  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /** The key an environment variable sets, if any. */
  Optional<String> keyFor(String envName) {
    String key = byEnvName.get(envName);
    if (key != null) {
      return Optional.of(key);
    }
    return byEnvPattern.entrySet().stream()
        .filter(entry -> entry.getKey().matcher(envName).matches())
        .map(Map.Entry::getValue)
        .findFirst();
  }

  int size() {
    return byEnvName.size() + byEnvPattern.size();
  }
}
