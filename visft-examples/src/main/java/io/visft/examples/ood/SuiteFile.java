package io.visft.examples.ood;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.core.eval.FewShotConfig;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.io.StrictJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads an out-of-domain suite: a JSON list of benchmarks (see {@link #FORMAT}). Relative data
 * paths are resolved against the suite file's folder.
 */
public final class SuiteFile {
  /** The format, as shown by {@code visft eval-ood --help}. */
  public static final String FORMAT =
      """
      Suite file: a JSON list of benchmarks. Each benchmark has:
        name         label in the reports (required)
        type         "few-shot", "linear-probe", "zero-shot", "retrieval", "region" or
                     "text-recognition" (required)
        image_size   side images are resized to, a multiple of the patch size (default 224)
        few-shot:     data (a data source), ways (5), shots (1), queries (15), episodes (100), seed (0), knn_k (1)
        linear-probe: train and test (data sources)
        zero-shot:    data (a data source; its class names are the prompts' names) and text
        retrieval:    coco (a captions file) and text; recall@1/5/10 image->text and text->image
        region:       coco (an instances file), classifier ("probe" or "zero-shot" with text), test_fraction (0.3),
                      seed (0), roi_size (7): objects classified from RoI-align features of their boxes
        text-recognition: words {"path": <folder with labels.json and images>, "render": {"count": 1000, "seed": 0,
                      "alphabet": "a..z", "min_length": 3, "max_length": 8, "width": 128, "height": 32}}, slots (8),
                      test_fraction (0.25), seed (0); with "render", a folder without labels.json is rendered first (Java2D,
                      installed fonts). One logistic regression per character position (alphabet + blank) reads the
                      map pooled into slots; reports character and whole-word accuracy on the held-out words.
        probes:       probe_steps (300), probe_learning_rate (0.05), probe_weight_decay (1e-4)
      A data source is {"type": "fashion-mnist", "split": "train"|"test", "path": <IDX folder, default
      /usr/share/datasets/fashion-mnist>, "per_class": n} or {"type": "image-folder", "path": <folder with one
      sub-folder per class>, "per_class": n}; per_class keeps the first n images of each class.
      """
          + ZeroShotSuiteFields.FORMAT
          + """
      Example: [{"name": "fmnist-5w1s", "type": "few-shot", "image_size": 28, "ways": 5, "shots": 1, "episodes": 200,
                 "data": {"type": "fashion-mnist", "split": "test", "per_class": 100}}]""";

  private static final Set<String> BENCHMARK_FIELDS =
      Set.of(
          "name",
          "type",
          "image_size",
          "data",
          "train",
          "test",
          "ways",
          "shots",
          "queries",
          "episodes",
          "seed",
          "knn_k",
          "probe_steps",
          "probe_learning_rate",
          "probe_weight_decay",
          "text",
          "coco",
          "classifier",
          "test_fraction",
          "roi_size",
          "words",
          "slots");
  private static final Set<String> SOURCE_FIELDS = Set.of("type", "path", "split", "per_class");

  private SuiteFile() {}

  /** The benchmarks of {@code file}, in order. */
  public static List<BenchmarkSpec> read(Path file) {
    JsonNode root;
    try {
      ObjectMapper mapper = new ObjectMapper();
      root = StrictJson.readTree(mapper, mapper.createParser(file.toFile()));
    } catch (IOException e) {
      throw new FileFormatException(
          "suite file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new FileFormatException(
          "suite file " + file + " must hold a non-empty JSON list of benchmarks");
    }
    Path base = file.toAbsolutePath().getParent();
    List<BenchmarkSpec> out = new ArrayList<>();
    for (JsonNode b : root) {
      String name = text(b, "name", null, file);
      check(b, BENCHMARK_FIELDS, file, "benchmark '" + name + "'");
      LinearProbeConfig probe =
          new LinearProbeConfig(
              b.path("probe_steps").asInt(300),
              b.path("probe_learning_rate").asDouble(0.05),
              b.path("probe_weight_decay").asDouble(1e-4));
      String type = text(b, "type", null, file);
      FewShotConfig fewShot =
          BenchmarkSpec.FEW_SHOT.equals(type)
              ? new FewShotConfig(
                  b.path("ways").asInt(5),
                  b.path("shots").asInt(1),
                  b.path("queries").asInt(15),
                  b.path("episodes").asInt(100),
                  b.path("seed").asLong(0),
                  b.path("knn_k").asInt(1))
              : null;
      TextRecognitionSpec words =
          BenchmarkSpec.TEXT_RECOGNITION.equals(type)
              ? TextRecognitionSpec.read(b, probe, base, file)
              : null;
      out.add(
          new BenchmarkSpec(
              name,
              type,
              source(b, "data", base, file),
              source(b, "train", base, file),
              source(b, "test", base, file),
              fewShot,
              probe,
              b.path("image_size").asInt(224),
              ZeroShotSuiteFields.text(b, base, file),
              ZeroShotSuiteFields.coco(b, base, file),
              ZeroShotSuiteFields.region(b, type),
              words));
    }
    return out;
  }

  private static DataSourceSpec source(JsonNode benchmark, String field, Path base, Path file) {
    JsonNode s = benchmark.get(field);
    if (s == null) {
      return null;
    }
    check(s, SOURCE_FIELDS, file, "data source '" + field + "'");
    String path = text(s, "path", "", file);
    return new DataSourceSpec(
        text(s, "type", null, file),
        path.isEmpty() ? null : base.resolve(path),
        s.has("split") ? s.get("split").asText() : null,
        s.has("per_class") ? s.get("per_class").asInt() : null);
  }

  static String text(JsonNode node, String field, String fallback, Path file) {
    JsonNode v = node.get(field);
    if (v == null && fallback == null) {
      throw new ConfigException(
          "suite file " + file + ": an entry lacks required field '" + field + "': " + node);
    }
    return v == null ? fallback : v.asText();
  }

  static void check(JsonNode node, Set<String> allowed, Path file, String where) {
    if (!node.isObject()) {
      throw new ConfigException(
          "suite file " + file + ": " + where + " must be a JSON object, got " + node);
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ConfigException(
            "suite file "
                + file
                + ": "
                + where
                + " has unknown field '"
                + name
                + "'; expected one of "
                + new java.util.TreeSet<>(allowed));
      }
    }
  }
}
