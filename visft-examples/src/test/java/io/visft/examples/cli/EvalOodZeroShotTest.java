package io.visft.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.eval.zeroshot.PromptTemplates;
import io.visft.core.eval.zeroshot.TextEmbeddings;
import io.visft.core.eval.zeroshot.TextEmbeddingsFile;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.examples.text.ClipTextTower;
import io.visft.examples.text.ClipTextTowerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code visft eval-ood} with zero-shot, retrieval and region benchmarks, end to end: the small
 * random EVA-CLIP vision tower of the fixtures (width 32, embedding 16) with and without its ViSFT
 * LoRA adapter, the tiny ONNX text tower (embedding 16) with its tokenizer.json, and synthetic
 * COCO-format sets (held-out class folders for zero-shot, in-domain captions and objects). Random
 * towers make the numbers meaningless as accuracy; the test checks the wiring, the protocol
 * invariants and the error messages.
 */
class EvalOodZeroShotTest {
  private static final Path TOWER = Path.of("../visft-core/src/test/resources/fixtures/eva_clip");
  private static final Path TEXT = Path.of("src/test/resources/fixtures/text_tower");

  @TempDir static Path dir;

  private static SyntheticDataset shapes;

  @BeforeAll
  static void data() {
    new SyntheticCocoGenerator(SyntheticCocoConfig.heldOut(5, 12)).generate(dir.resolve("heldout"));
    shapes =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(6, 10))
            .generate(dir.resolve("indomain"));
    try (ClipTextTower tower =
        ClipTextTower.open(
            TEXT.resolve("text_tower.onnx"),
            TEXT.resolve("tokenizer.json"),
            ClipTextTowerConfig.defaults(),
            RuntimeOptions.cpu())) {
      TextEmbeddingsFile.write(
          dir.resolve("classes.safetensors"),
          PromptTemplates.photo()
              .classEmbeddings(tower, List.of("triangle", "rectangle", "ellipse")));
    }
  }

  private static String tower() {
    return "{\"onnx\": \"%s\", \"tokenizer\": \"%s\"}"
        .formatted(
            TEXT.resolve("text_tower.onnx").toAbsolutePath(),
            TEXT.resolve("tokenizer.json").toAbsolutePath());
  }

  private static String coco(Path annotations) {
    return "{\"annotations\": \"%s\", \"images\": \"%s\"}"
        .formatted(annotations, shapes.imageDir());
  }

  private record Outcome(int code, String stderr, Path output) {}

  private static Outcome run(String suiteJson, String name) throws Exception {
    Path suite = Files.writeString(dir.resolve(name + ".json"), suiteJson);
    Path out = dir.resolve(name);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code =
          VisftCommand.execute(
              "eval-ood",
              "--arch",
              TOWER.resolve("g_style.json").toString(),
              "--weights",
              TOWER.resolve("g_style_tower.pt").toString(),
              "--lora",
              CommandLineTest.FIX.resolve("g_style_visft_lora.pt").toString(),
              "--suite",
              suite.toString(),
              "--output",
              out.toString(),
              "--batch-size",
              "8");
      return new Outcome(code, err.toString(StandardCharsets.UTF_8), out);
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void zeroShotRetrievalAndRegionsRunForBothBackbones() throws Exception {
    String suite =
        """
        [{"name": "zs-tower", "type": "zero-shot", "image_size": 32, "text": %1$s,
          "data": {"type": "image-folder", "path": "heldout/images"}},
         {"name": "zs-file", "type": "zero-shot", "image_size": 32, "text": {"embeddings": "classes.safetensors"},
          "data": {"type": "image-folder", "path": "heldout/images"}},
         {"name": "captions", "type": "retrieval", "image_size": 32, "text": %1$s, "coco": %2$s},
         {"name": "objects", "type": "region", "image_size": 32, "classifier": "probe", "test_fraction": 0.4,
          "probe_steps": 50, "coco": %3$s}]
        """
            .formatted(tower(), coco(shapes.captionsJson()), coco(shapes.instancesJson()));
    Outcome o = run(suite, "all");
    assertEquals(0, o.code(), o.stderr());
    JsonNode results =
        new ObjectMapper().readTree(o.output().resolve("results.json").toFile()).get("results");
    List<String> metrics = new ArrayList<>();
    results.forEach(
        r -> metrics.add(r.get("benchmark").asText() + ": " + r.get("metric").asText()));
    assertEquals(
        List.of(
            "zs-tower: zero-shot top-1",
            "zs-tower: zero-shot top-3",
            "zs-file: zero-shot top-1",
            "zs-file: zero-shot top-3",
            "captions: image->text R@1",
            "captions: image->text R@5",
            "captions: image->text R@10",
            "captions: text->image R@1",
            "captions: text->image R@5",
            "captions: text->image R@10"),
        metrics.subList(0, 10));
    assertEquals(11, metrics.size());
    assertTrue(metrics.get(10).startsWith("objects: region probe ("), metrics.get(10));
    for (String backbone : new String[] {"base", "adapted"}) {
      for (int row = 0; row < 2; row++) {
        assertEquals(
            results.get(row).get(backbone),
            results.get(row + 2).get(backbone),
            "the tower and the file it wrote give the same zero-shot scores");
      }
      assertEquals(
          1.0,
          results.get(1).get(backbone).get("mean").asDouble(),
          "top-3 of 3 classes is always right");
      assertEquals(12, results.get(0).get(backbone).get("samples").asInt());
      assertEquals(
          1.0,
          results.get(9).get(backbone).get("mean").asDouble(),
          "10 images: the own image is always in the top 10");
      for (int row = 4; row < 9; row++) {
        double recall = results.get(row).get(backbone).get("mean").asDouble();
        double wider = results.get(row + 1).get(backbone).get("mean").asDouble();
        assertTrue(
            row == 6 || wider >= recall,
            "recall@K grows with K in " + results.get(row).get("metric"));
      }
      assertEquals(
          10,
          results.get(4).get(backbone).get("samples").asInt(),
          "image->text is scored per image");
      assertEquals(
          50,
          results.get(7).get(backbone).get("samples").asInt(),
          "text->image is scored per caption (5 each)");
    }
  }

  @Test
  void widthMismatchAndMissingClassesAreExplained() throws Exception {
    Outcome width =
        run(
            """
        [{"name": "objects-zs", "type": "region", "image_size": 32, "classifier": "zero-shot", "text": %s, "coco": %s}]
        """
                .formatted(tower(), coco(shapes.instancesJson())),
            "width");
    assertEquals(1, width.code());
    assertTrue(
        width.stderr().contains("width 32")
            && width.stderr().contains("width 16")
            && width.stderr().contains("\"probe\""),
        width.stderr());

    TextEmbeddings all = TextEmbeddingsFile.read(dir.resolve("classes.safetensors"));
    List<String> two = List.of("triangle", "ellipse");
    TextEmbeddingsFile.write(
        dir.resolve("two.safetensors"),
        new TextEmbeddings(two, all.rowsOf(two, "class name"), "test"));
    Outcome missing =
        run(
            """
        [{"name": "zs", "type": "zero-shot", "image_size": 32, "text": {"embeddings": "two.safetensors"},
          "data": {"type": "image-folder", "path": "heldout/images"}}]
        """,
            "missing");
    assertEquals(1, missing.code());
    assertTrue(
        missing.stderr().contains("'rectangle'") && missing.stderr().contains("two.safetensors"),
        missing.stderr());
  }
}
