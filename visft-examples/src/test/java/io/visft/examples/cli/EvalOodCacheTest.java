package io.visft.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code visft eval-ood}'s embedding cache on an image folder: reused while the images are
 * unchanged, not reused once one class's images are overwritten with another's (same names, same
 * count), and the report says which embeddings came from the cache.
 */
class EvalOodCacheTest {
  private static final Path FIX = CommandLineTest.FIX;
  private static final String SUITE =
      """
      [{"name": "folder-2w1s", "type": "few-shot", "image_size": 28, "ways": 2, "shots": 1, "queries": 2,
        "episodes": 4, "seed": 7, "probe_steps": 20, "data": {"type": "image-folder", "path": "images"}}]
      """;

  @TempDir Path dir;

  private void png(Path file, int base, SplittableRandom rnd) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int v = base + rnd.nextInt(64);
        image.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private JsonNode run(String report, String... more) throws IOException {
    Path out = dir.resolve(report);
    List<String> args =
        new ArrayList<>(
            List.of(
                "eval-ood",
                "--arch",
                FIX.resolve("g_style.json").toString(),
                "--weights",
                FIX.resolve("g_style.safetensors").toString(),
                "--suite",
                dir.resolve("suite.json").toString(),
                "--output",
                out.toString(),
                "--cache",
                dir.resolve("cache").toString()));
    args.addAll(List.of(more));
    int code = VisftCommand.execute(args.toArray(String[]::new));
    assertEquals(0, code);
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    JsonNode cache = results.get("embedding_cache");
    String html = Files.readString(out.resolve("report.html"));
    boolean fromCache = cache.get("entries").get(0).get("from_cache").asBoolean();
    assertTrue(
        html.contains(
            fromCache ? "1 of 1 read from the cache" : "all 1 computed, none read from the cache"),
        html);
    return cache;
  }

  @Test
  void overwrittenImagesAreEmbeddedAfreshAndTheReportSaysWhenTheCacheWasUsed() throws IOException {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int i = 0; i < 4; i++) {
      png(dir.resolve("images/dark/" + i + ".png"), 0, rnd);
      png(dir.resolve("images/light/" + i + ".png"), 190, rnd);
    }
    Files.writeString(dir.resolve("suite.json"), SUITE);

    JsonNode first = run("first");
    assertEquals(0, first.get("read").asInt());
    assertEquals(1, first.get("computed").asInt());
    JsonNode second = run("second");
    assertEquals(1, second.get("read").asInt(), "unchanged images are read from the cache");
    assertEquals(first.get("entries").get(0).get("file"), second.get("entries").get(0).get("file"));

    for (int i = 0; i < 4; i++) {
      Files.copy(
          dir.resolve("images/light/" + i + ".png"),
          dir.resolve("images/dark/" + i + ".png"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    JsonNode third = run("third");
    assertEquals(
        0, third.get("read").asInt(), "the rewritten folder must not be served from the cache");
    assertTrue(
        !first.get("entries").get(0).get("file").equals(third.get("entries").get(0).get("file")));
  }

  @Test
  void int8FrozenWeightsAreCachedApartFromFp32() throws IOException {
    SplittableRandom rnd = new SplittableRandom(4);
    for (int i = 0; i < 4; i++) {
      png(dir.resolve("images/dark/" + i + ".png"), 0, rnd);
      png(dir.resolve("images/light/" + i + ".png"), 190, rnd);
    }
    Files.writeString(dir.resolve("suite.json"), SUITE);

    JsonNode fp32 = run("fp32");
    JsonNode int8 = run("int8", "--frozen-weights", "int8");
    assertEquals(
        0, int8.get("read").asInt(), "int8 embeddings must not be served from the fp32 entry");
    assertNotEquals(fp32.get("entries").get(0).get("file"), int8.get("entries").get(0).get("file"));
    assertEquals(
        1,
        run("int8-again", "--frozen-weights", "int8").get("read").asInt(),
        "int8 entries are reused");
    assertEquals(1, run("fp32-again").get("read").asInt(), "fp32 entries are reused");
  }
}
