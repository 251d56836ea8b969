package io.visft.examples.ood;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.api.ConfigException;
import io.visft.core.data.text.Alphabet;
import io.visft.core.data.text.WordDatasetGenerator;
import io.visft.core.data.text.WordImages;
import io.visft.core.data.text.WordLabelsFile;
import io.visft.core.data.text.WordRenderConfig;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.eval.text.TextRecognitionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of a {@code text-recognition} benchmark: a words folder ({@link WordLabelsFile}),
 * optionally rendered on first use, and the probe's protocol.
 *
 * @param folder the words folder
 * @param render when not {@code null}, the folder is rendered with these settings if it has no
 *     labels file yet, and must have been rendered with exactly these settings if it has one
 * @param protocol slots, held-out share, split seed and probe training
 */
public record TextRecognitionSpec(
    Path folder, WordRenderConfig render, TextRecognitionConfig protocol) {
  private static final Set<String> WORDS_FIELDS = Set.of("path", "render");
  private static final Set<String> RENDER_FIELDS =
      Set.of("count", "seed", "alphabet", "min_length", "max_length", "width", "height");

  public TextRecognitionSpec {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(protocol, "protocol");
  }

  /**
   * Reads the benchmark's {@code words}, {@code slots}, {@code test_fraction} and {@code seed}
   * fields.
   *
   * @param base the folder relative paths are resolved against
   * @param file the suite file, named in messages
   */
  static TextRecognitionSpec read(
      JsonNode benchmark, LinearProbeConfig probe, Path base, Path file) {
    String where = "suite file " + file + ": benchmark '" + benchmark.path("name").asText() + "'";
    JsonNode words = benchmark.get("words");
    if (words == null || !words.isObject() || !words.hasNonNull("path")) {
      throw new ConfigException(
          where
              + ": a text-recognition benchmark needs 'words': {\"path\": <folder>, \"render\": {...}}");
    }
    allowOnly(words, WORDS_FIELDS, where + ": 'words'");
    try {
      return new TextRecognitionSpec(
          base.resolve(words.get("path").asText()),
          render(words.get("render")),
          protocol(benchmark, probe));
    } catch (ConfigException e) {
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
  }

  private static WordRenderConfig render(JsonNode r) {
    if (r == null) {
      return null;
    }
    allowOnly(r, RENDER_FIELDS, "'words.render'");
    WordRenderConfig d = WordRenderConfig.lowercase(0, 1000);
    return new WordRenderConfig(
        r.path("seed").asLong(d.seed()),
        r.path("count").asInt(d.count()),
        new Alphabet(r.path("alphabet").asText(d.alphabet().characters())),
        r.path("min_length").asInt(d.minLength()),
        r.path("max_length").asInt(d.maxLength()),
        r.path("width").asInt(d.width()),
        r.path("height").asInt(d.height()));
  }

  private static TextRecognitionConfig protocol(JsonNode benchmark, LinearProbeConfig probe) {
    TextRecognitionConfig defaults = TextRecognitionConfig.defaults();
    return new TextRecognitionConfig(
        benchmark.path("slots").asInt(defaults.slots()),
        benchmark.path("test_fraction").asDouble(defaults.testFraction()),
        benchmark.path("seed").asLong(defaults.seed()),
        probe);
  }

  /**
   * Opens the words folder, rendering it first when it has no labels file and {@link #render} is
   * set.
   *
   * @throws ConfigException if the folder was rendered with other settings than {@link #render}
   */
  public WordImages open() {
    if (render != null && !Files.exists(folder.resolve(WordLabelsFile.NAME))) {
      return WordDatasetGenerator.generate(render, folder);
    }
    WordImages words = WordImages.open(folder);
    WordRenderConfig stored = words.wordLabels().render();
    if (render != null && !render.equals(stored)) {
      throw new ConfigException(
          "words folder "
              + folder
              + " was rendered with "
              + stored
              + ", the suite asks for "
              + render
              + "; delete the folder to render it again, or make 'render' match");
    }
    return words;
  }

  /** A short description for reports, e.g. {@code words folder words (600 rendered, seed 0)}. */
  public String describe() {
    String where = "words " + folder.getFileName();
    return render == null
        ? where
        : where + " (" + render.count() + " rendered, seed " + render.seed() + ")";
  }

  private static void allowOnly(JsonNode node, Set<String> allowed, String where) {
    if (!node.isObject()) {
      throw new ConfigException(where + " must be a JSON object, got " + node);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ConfigException(
            where + " has unknown field '" + name + "'; expected one of " + new TreeSet<>(allowed));
      }
    }
  }
}
