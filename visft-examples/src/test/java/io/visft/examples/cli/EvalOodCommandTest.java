package io.visft.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.core.data.mnist.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code visft eval-ood} on real Fashion-MNIST files with the small random EVA backbone of the
 * fixtures (embed 32, depth 2, patch 4; 28×28 input) and its ViSFT LoRA adapter.
 */
class EvalOodCommandTest {
  private static final Path FIX = CommandLineTest.FIX;
  private static final String SUITE =
      """
      [{"name": "fmnist-5w5s", "type": "few-shot", "image_size": 28, "ways": 5, "shots": 5, "queries": 10,
        "episodes": 10, "seed": 7, "probe_steps": 100,
        "data": {"type": "fashion-mnist", "path": "%1$s", "split": "test", "per_class": 20}},
       {"name": "fmnist-probe", "type": "linear-probe", "image_size": 28, "probe_steps": 200,
        "train": {"type": "fashion-mnist", "path": "%1$s", "split": "train", "per_class": 20},
        "test": {"type": "fashion-mnist", "path": "%1$s", "split": "test", "per_class": 10}}]
      """;

  @TempDir Path dir;

  private JsonNode run(Path suite, String name) throws Exception {
    Path out = dir.resolve(name);
    int code =
        VisftCommand.execute(
            "eval-ood",
            "--arch",
            FIX.resolve("g_style.json").toString(),
            "--weights",
            FIX.resolve("g_style.safetensors").toString(),
            "--lora",
            FIX.resolve("g_style_visft_lora.pt").toString(),
            "--suite",
            suite.toString(),
            "--output",
            out.toString(),
            "--batch-size",
            "64");
    assertEquals(0, code);
    String html = Files.readString(out.resolve("report.html"));
    assertTrue(
        html.contains("<svg") && html.contains("adapted") && html.contains("fmnist-probe"), html);
    return new ObjectMapper().readTree(out.resolve("results.json").toFile());
  }

  @Test
  void fewShotAndLinearProbeBeatChanceAndRepeatExactly() throws Exception {
    Path data = FashionMnist.DEBIAN_DIRECTORY;
    Assumptions.assumeTrue(
        FashionMnist.isPresent(data, FashionMnist.Split.TRAIN)
            && FashionMnist.isPresent(data, FashionMnist.Split.TEST),
        "Fashion-MNIST IDX files are not in "
            + data
            + "; install them with: apt-get install -y dataset-fashion-mnist");
    Path suite = dir.resolve("suite.json");
    Files.writeString(suite, SUITE.formatted(data));

    JsonNode first = run(suite, "first");
    assertEquals(3, first.get("results").size());
    for (JsonNode row : first.get("results")) {
      double chance = row.get("benchmark").asText().equals("fmnist-5w5s") ? 0.2 : 0.1;
      for (String backbone : new String[] {"base", "adapted"}) {
        double mean = row.get(backbone).get("mean").asDouble();
        assertTrue(
            mean > 2 * chance,
            row.get("metric")
                + " "
                + backbone
                + " accuracy "
                + mean
                + " is not above 2x chance "
                + chance);
      }
    }
    assertTrue(
        Files.list(dir.resolve("first/embedding-cache")).count() == 6,
        "3 data sets x 2 backbones cached");

    JsonNode second = run(suite, "second");
    assertEquals(
        first.get("results"), second.get("results"), "same seed, fresh cache: identical results");
    assertEquals(
        0, second.get("embedding_cache").get("read").asInt(), "a fresh cache serves nothing");
  }

  @Test
  void helpExplainsTheSuiteFormatAndScope() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, VisftCommand.execute("eval-ood", "--help"));
    } finally {
      System.setOut(saved);
    }
    String help = bytes.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
    assertTrue(
        help.contains("Suite file: a JSON list of benchmarks")
            && help.contains("per_class")
            && help.contains("VQA is not covered")
            && help.contains("\"zero-shot\""),
        help);
  }
}
