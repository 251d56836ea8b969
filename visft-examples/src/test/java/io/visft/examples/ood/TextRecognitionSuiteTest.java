package io.visft.examples.ood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.HostTensor;
import io.visft.core.data.text.WordLabelsFile;
import io.visft.core.eval.EmbeddingCache;
import io.visft.core.eval.EmbeddingCacheKey;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.lora.AdaptedBackbone;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code text-recognition} suite entry: parsing, rendering on first use, running and its
 * errors.
 */
class TextRecognitionSuiteTest {
  private static final EvaConfig TINY = new EvaConfig(32, 2, 4, 64, 8, 4, false, 1e-6, true);
  private static final Map<String, HostTensor> WEIGHTS = EvaInit.random(TINY, 5);
  private static final String ENTRY =
      """
      [{"name": "words", "type": "text-recognition", "image_size": 32, "slots": 2, "test_fraction": 0.25, "seed": 3,
        "probe_steps": 60,
        "words": {"path": "rendered", "render": {"count": 48, "seed": 9, "alphabet": "lo", "min_length": 1, "max_length": 2,
                  "width": %d, "height": 24}}}]
      """;

  @TempDir Path dir;

  private Path suite(int width) throws IOException {
    Path file = dir.resolve("suite.json");
    Files.writeString(file, ENTRY.formatted(width));
    return file;
  }

  private List<MetricRow> run(Path suite) {
    Backbone base =
        new Backbone(
            "base",
            pixels -> AdaptedBackbone.features(TINY, WEIGHTS, null, pixels, RuntimeOptions.cpu()),
            null,
            "tiny-random-5",
            EmbeddingCacheKey.NO_ADAPTER);
    return new SuiteRunner(
            List.of(base),
            new EmbeddingCache(dir.resolve("cache")),
            16,
            RuntimeOptions.cpu(),
            new PrintStream(OutputStream.nullOutputStream()))
        .run(SuiteFile.read(suite));
  }

  @Test
  void rendersTheWordsOnceAndReportsCharacterAndWordAccuracy() throws IOException {
    Path suite = suite(48);
    List<BenchmarkSpec> specs = SuiteFile.read(suite);
    TextRecognitionSpec spec = specs.get(0).textRecognition();
    assertEquals(dir.resolve("rendered"), spec.folder());
    assertEquals(2, spec.protocol().slots());
    assertEquals(3, spec.protocol().seed());
    assertEquals(60, spec.protocol().probe().steps());

    List<MetricRow> rows = run(suite);
    assertTrue(Files.isRegularFile(dir.resolve("rendered").resolve(WordLabelsFile.NAME)));
    assertEquals(
        List.of("2-slot probe character accuracy", "2-slot probe word accuracy"),
        rows.stream().map(MetricRow::metric).toList());
    assertEquals(12, rows.get(1).values().get(0).samples(), "a quarter of 48 words is held out");
    for (MetricRow row : rows) {
      double mean = row.values().get(0).mean();
      assertTrue(mean >= 0 && mean <= 1, row.toString());
    }
    try (Stream<Path> cached = Files.list(dir.resolve("cache"))) {
      assertEquals(1, cached.count(), "one dense entry");
    }
    assertEquals(
        rows,
        run(suite),
        "the second run reads the rendered folder and the cache and gives the same rows");
  }

  @Test
  void aFolderRenderedWithOtherSettingsIsRefused() throws IOException {
    run(suite(48));
    ConfigException e = assertThrows(ConfigException.class, () -> run(suite(64)));
    assertTrue(
        e.getMessage().contains("rendered")
            && e.getMessage().contains("width=64")
            && e.getMessage().contains("delete the folder"),
        e.getMessage());
  }

  @Test
  void errorsNameTheFileTheFieldAndTheValue() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(
        file,
        """
        [{"name": "w", "type": "text-recognition", "words": {"path": "x", "render": {"fonts": 3}}}]""");
    ConfigException unknown = assertThrows(ConfigException.class, () -> SuiteFile.read(file));
    assertTrue(
        unknown.getMessage().contains(file.toString())
            && unknown.getMessage().contains("'fonts'")
            && unknown.getMessage().contains("alphabet"),
        unknown.getMessage());
    Files.writeString(
        file,
        """
        [{"name": "w", "type": "text-recognition"}]""");
    ConfigException missing = assertThrows(ConfigException.class, () -> SuiteFile.read(file));
    assertTrue(
        missing.getMessage().contains("'words'") && missing.getMessage().contains("'w'"),
        missing.getMessage());
    Files.writeString(
        file,
        """
        [{"name": "w", "type": "text-recognition", "slots": 0, "words": {"path": "x"}}]""");
    ConfigException slots = assertThrows(ConfigException.class, () -> SuiteFile.read(file));
    assertTrue(slots.getMessage().contains("slots = 0"), slots.getMessage());
    Files.writeString(
        file,
        """
        [{"name": "w", "type": "text-recognition", "words": {"path": "x", "render": {"max_length": 40}}}]""");
    ConfigException length = assertThrows(ConfigException.class, () -> SuiteFile.read(file));
    assertTrue(length.getMessage().contains("max_length = 40"), length.getMessage());
  }

  @Test
  void theFormatDocumentsTheType() {
    assertTrue(
        SuiteFile.FORMAT.contains("text-recognition") && SuiteFile.FORMAT.contains("test_fraction"),
        SuiteFile.FORMAT);
  }
}
