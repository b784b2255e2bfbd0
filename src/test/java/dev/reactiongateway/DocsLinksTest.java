package dev.reactiongateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the pages of {@code docs/} link to each other and into the repository: every
 * relative link must name a file of the repository and, with {@code #anchor}, one of its headings,
 * so moving or renaming a section breaks the build instead of the reader's click. The text may not
 * cite notes kept outside the repository either.
 */
class DocsLinksTest {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");
  private static final List<String> OUTSIDE_NOTES = List.of("CONTRACT", "PERF-NOTES", "../shared");

  @Test
  void everyRelativeLinkResolvesToAFileAndHeadingOfTheRepository() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      for (String target : links(page)) {
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
        } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  void noPageCitesNotesKeptOutsideTheRepository() throws IOException {
    List<String> citations = new ArrayList<>();
    for (Path page : pages()) {
      String text = Files.readString(page);
      OUTSIDE_NOTES.stream()
          .filter(text::contains)
          .forEach(note -> citations.add(ROOT.relativize(page) + " cites " + note));
    }
    assertEquals(List.of(), citations);
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** Link targets outside fenced code blocks. */
  private static List<String> links(Path page) throws IOException {
    List<String> targets = new ArrayList<>();
    boolean inCode = false;
    for (String line : Files.readAllLines(page)) {
      if (line.strip().startsWith("```")) {
        inCode = !inCode;
      } else if (!inCode) {
        Matcher link = LINK.matcher(line);
        while (link.find()) {
          targets.add(link.group(1));
        }
      }
    }
    return targets;
  }

  /** The anchors GitHub gives a Markdown file's headings. */
  private static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new HashSet<>();
    if (!file.toString().endsWith(".md")) {
      return anchors;
    }
    boolean inCode = false;
    for (String line : Files.readAllLines(file)) {
      Matcher heading = HEADING.matcher(line);
      if (line.strip().startsWith("```")) {
        inCode = !inCode;
      } else if (!inCode && heading.matches()) {
        anchors.add(
            heading
                .group(1)
                .strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-'));
      }
    }
    return anchors;
  }
}
