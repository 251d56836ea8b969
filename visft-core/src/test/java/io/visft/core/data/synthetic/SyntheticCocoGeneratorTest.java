package io.visft.core.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.ConfigException;
import io.visft.core.data.geometry.Box;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.mask.BinaryMask;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCocoGeneratorTest {

  private static final SyntheticCocoConfig SMALL =
      new SyntheticCocoConfig(7, 24, 64, 128, 1, 4, SceneDomain.IN_DOMAIN, 5);

  private static JsonNode read(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  @Test
  void writesValidCocoInstancesAndCaptions(@TempDir Path dir) throws IOException {
    SyntheticDataset data = new SyntheticCocoGenerator(SMALL).generate(dir.resolve("out"));
    JsonNode coco = read(data.instancesJson());
    assertEquals(24, coco.get("images").size());
    assertEquals(3, coco.get("categories").size());
    assertEquals(data.annotationCount(), coco.get("annotations").size());
    Set<Integer> categoryIds = new HashSet<>();
    coco.get("categories").forEach(c -> categoryIds.add(c.get("id").asInt()));
    Map<Integer, JsonNode> images = new HashMap<>();
    for (JsonNode image : coco.get("images")) {
      images.put(image.get("id").asInt(), image);
      RgbImage decoded =
          ImageDecoder.decode(data.imageDir().resolve(image.get("file_name").asText()));
      assertEquals(image.get("width").asInt(), decoded.width());
      assertEquals(image.get("height").asInt(), decoded.height());
    }
    Set<Integer> annotationIds = new HashSet<>();
    Map<Integer, List<Box>> boxesPerImage = new HashMap<>();
    for (JsonNode a : coco.get("annotations")) {
      assertTrue(annotationIds.add(a.get("id").asInt()), "duplicate annotation id " + a.get("id"));
      JsonNode image = images.get(a.get("image_id").asInt());
      assertTrue(image != null, "annotation " + a.get("id") + " names a missing image");
      assertTrue(categoryIds.contains(a.get("category_id").asInt()));
      assertEquals(0, a.get("iscrowd").asInt());
      JsonNode bbox = a.get("bbox");
      double x = bbox.get(0).asDouble();
      double y = bbox.get(1).asDouble();
      double w = bbox.get(2).asDouble();
      double h = bbox.get(3).asDouble();
      assertTrue(x >= 0 && y >= 0 && w > 0 && h > 0, "bbox " + bbox);
      assertTrue(
          x + w <= image.get("width").asInt() && y + h <= image.get("height").asInt(),
          "bbox " + bbox + " leaves " + image);
      assertTrue(a.get("area").asDouble() > 0 && a.get("area").asDouble() <= w * h);
      assertTrue(a.get("segmentation").isArray() && a.get("segmentation").size() >= 1);
      for (JsonNode polygon : a.get("segmentation")) {
        assertTrue(
            polygon.size() >= 6 && polygon.size() % 2 == 0,
            "polygon of " + polygon.size() + " coordinates");
      }
      boxesPerImage
          .computeIfAbsent(a.get("image_id").asInt(), k -> new ArrayList<>())
          .add(Box.fromXywh(x, y, w, h));
    }
    assertTrue(
        boxesPerImage.values().stream().anyMatch(SyntheticCocoGeneratorTest::anyOverlap),
        "no two objects overlap anywhere");
    assertTrue(
        boxesPerImage.values().stream().anyMatch(b -> b.size() == 1), "no single-object image");

    JsonNode captions = read(data.captionsJson());
    assertEquals(24, captions.get("images").size());
    assertEquals(24 * 5, captions.get("annotations").size());
    Map<String, Integer> frequency = new HashMap<>();
    Map<Integer, Integer> perImage = new HashMap<>();
    for (JsonNode c : captions.get("annotations")) {
      perImage.merge(c.get("image_id").asInt(), 1, Integer::sum);
      for (String word : c.get("caption").asText().split(" ")) {
        frequency.merge(word, 1, Integer::sum);
      }
    }
    assertTrue(perImage.values().stream().allMatch(n -> n == 5));
    long frequentWords = frequency.values().stream().filter(n -> n >= 5).count();
    assertTrue(
        frequentWords >= 20, "only " + frequentWords + " words reach frequency 5: " + frequency);
    for (String word :
        List.of("red", "green", "blue", "yellow", "triangle", "shapes", "next", "image")) {
      assertTrue(
          frequency.getOrDefault(word, 0) >= 5,
          word + " appears " + frequency.get(word) + " times");
    }
  }

  private static boolean anyOverlap(List<Box> boxes) {
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        Box a = boxes.get(i);
        Box b = boxes.get(j);
        if (a.x0() < b.x1() && b.x0() < a.x1() && a.y0() < b.y1() && b.y0() < a.y1()) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void theSameSeedWritesIdenticalBytesAndAnotherSeedDoesNot(@TempDir Path dir) throws IOException {
    SyntheticCocoConfig config =
        new SyntheticCocoConfig(3, 6, 48, 80, 1, 4, SceneDomain.IN_DOMAIN, 5);
    Path a = new SyntheticCocoGenerator(config).generate(dir.resolve("a")).root();
    Path b = new SyntheticCocoGenerator(config).generate(dir.resolve("b")).root();
    List<Path> files = listFiles(a);
    assertEquals(6 + 2, files.size());
    assertEquals(
        files.stream().map(a::relativize).toList(),
        listFiles(b).stream().map(b::relativize).toList());
    for (Path f : files) {
      assertArrayEquals(
          Files.readAllBytes(f),
          Files.readAllBytes(b.resolve(a.relativize(f))),
          "bytes of " + a.relativize(f));
    }
    SyntheticCocoConfig other =
        new SyntheticCocoConfig(4, 6, 48, 80, 1, 4, SceneDomain.IN_DOMAIN, 5);
    Path c = new SyntheticCocoGenerator(other).generate(dir.resolve("c")).root();
    assertFalse(
        java.util.Arrays.equals(
            Files.readAllBytes(a.resolve("instances.json")),
            Files.readAllBytes(c.resolve("instances.json"))));
  }

  private static List<Path> listFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /**
   * Reads the PNG and checks each polygon against the painted pixels: inside the polygon (one pixel
   * in from its edge, away from shapes drawn later) every pixel has one colour, and that colour
   * appears nowhere more than one pixel outside the polygon except on other shapes.
   */
  @Test
  void polygonsCoverExactlyThePaintedShapePixels(@TempDir Path dir) throws IOException {
    SyntheticDataset data = new SyntheticCocoGenerator(SMALL).generate(dir.resolve("out"));
    JsonNode coco = read(data.instancesJson());
    Map<Integer, List<JsonNode>> annotationsPerImage = new HashMap<>();
    coco.get("annotations")
        .forEach(
            a ->
                annotationsPerImage
                    .computeIfAbsent(a.get("image_id").asInt(), k -> new ArrayList<>())
                    .add(a));
    int checkedPixels = 0;
    for (JsonNode image : coco.get("images")) {
      BufferedImage png =
          ImageIO.read(data.imageDir().resolve(image.get("file_name").asText()).toFile());
      int h = png.getHeight();
      int w = png.getWidth();
      List<JsonNode> annotations = annotationsPerImage.get(image.get("id").asInt());
      List<BinaryMask> rasters = new ArrayList<>();
      List<BinaryMask> grown = new ArrayList<>();
      for (JsonNode a : annotations) {
        rasters.add(PixelSets.fillPolygon(polygon(a), h, w));
        grown.add(PixelSets.dilate(rasters.get(rasters.size() - 1)));
      }
      for (int k = 0; k < rasters.size(); k++) {
        BinaryMask later = BinaryMask.zeros(h, w);
        BinaryMask others = BinaryMask.zeros(h, w);
        for (int j = 0; j < rasters.size(); j++) {
          if (j != k) {
            others = PixelSets.union(others, grown.get(j));
            later = j > k ? PixelSets.union(later, grown.get(j)) : later;
          }
        }
        BinaryMask core = PixelSets.erode(rasters.get(k));
        BinaryMask near = grown.get(k);
        Integer colour = null;
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            if (core.get(y, x) && !later.get(y, x)) {
              int rgb = png.getRGB(x, y) & 0xFFFFFF;
              colour = colour == null ? rgb : colour;
              if (rgb != colour) {
                fail(
                    "pixel ("
                        + x
                        + ","
                        + y
                        + ") inside annotation "
                        + annotations.get(k).get("id")
                        + " has another colour");
              }
              checkedPixels++;
            }
          }
        }
        assertTrue(
            colour != null, "annotation " + annotations.get(k).get("id") + " is fully hidden");
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            if (!near.get(y, x) && !others.get(y, x) && (png.getRGB(x, y) & 0xFFFFFF) == colour) {
              fail(
                  "shape colour at ("
                      + x
                      + ","
                      + y
                      + ") outside annotation "
                      + annotations.get(k).get("id"));
            }
          }
        }
        Box fromPolygon = rasters.get(k).boundingBox().orElseThrow();
        JsonNode bbox = annotations.get(k).get("bbox");
        assertEquals(fromPolygon.x0(), bbox.get(0).asDouble(), 1.0);
        assertEquals(fromPolygon.y0(), bbox.get(1).asDouble(), 1.0);
        assertEquals(fromPolygon.x1(), bbox.get(0).asDouble() + bbox.get(2).asDouble(), 1.0);
        assertEquals(fromPolygon.y1(), bbox.get(1).asDouble() + bbox.get(3).asDouble(), 1.0);
      }
    }
    assertTrue(checkedPixels > 10_000, "only " + checkedPixels + " shape pixels checked");
  }

  private static double[] polygon(JsonNode annotation) {
    JsonNode p = annotation.get("segmentation").get(0);
    double[] out = new double[p.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = p.get(i).asDouble();
    }
    return out;
  }

  /**
   * The rendered masks differ from the polygon rasters only on the one-pixel band around the
   * polygon edge.
   */
  @Test
  void renderedMasksDifferFromPolygonRastersOnlyAlongTheEdge() {
    for (SyntheticCocoConfig config :
        List.of(SMALL, new SyntheticCocoConfig(8, 12, 64, 160, 1, 1, SceneDomain.HELD_OUT, 5))) {
      SyntheticCocoGenerator generator = new SyntheticCocoGenerator(config);
      for (int i = 0; i < config.imageCount(); i++) {
        Scene scene = generator.scene(i);
        List<BinaryMask> masks = SceneRenderer.render(scene).masks();
        for (int k = 0; k < masks.size(); k++) {
          BinaryMask polygon =
              PixelSets.fillPolygon(scene.shapes().get(k).polygon(), scene.height(), scene.width());
          BinaryMask band = PixelSets.dilate(polygon);
          BinaryMask inner = PixelSets.erode(polygon);
          for (int y = 0; y < scene.height(); y++) {
            for (int x = 0; x < scene.width(); x++) {
              boolean differs = masks.get(k).get(y, x) != polygon.get(y, x);
              if (differs && !(band.get(y, x) && !inner.get(y, x))) {
                fail(
                    "image "
                        + i
                        + " shape "
                        + k
                        + " differs from its polygon at ("
                        + x
                        + ","
                        + y
                        + ") away from the edge");
              }
            }
          }
        }
      }
    }
  }

  @Test
  void heldOutImagesLieInOneFolderPerClassWithStripedShapes(@TempDir Path dir) throws IOException {
    SyntheticCocoConfig config =
        new SyntheticCocoConfig(5, 9, 64, 96, 1, 1, SceneDomain.HELD_OUT, 5);
    SyntheticDataset data = new SyntheticCocoGenerator(config).generate(dir.resolve("heldout"));
    JsonNode coco = read(data.instancesJson());
    Map<Integer, String> categoryNames = new HashMap<>();
    coco.get("categories")
        .forEach(c -> categoryNames.put(c.get("id").asInt(), c.get("name").asText()));
    Map<Integer, String> folderOfImage = new HashMap<>();
    for (JsonNode image : coco.get("images")) {
      String fileName = image.get("file_name").asText();
      folderOfImage.put(image.get("id").asInt(), fileName.substring(0, fileName.indexOf('/')));
      assertTrue(Files.isRegularFile(data.imageDir().resolve(fileName)), fileName);
    }
    assertEquals(9, coco.get("annotations").size());
    for (JsonNode a : coco.get("annotations")) {
      assertEquals(
          categoryNames.get(a.get("category_id").asInt()),
          folderOfImage.get(a.get("image_id").asInt()));
    }
    for (String kind : List.of("rectangle", "ellipse", "triangle")) {
      try (Stream<Path> files = Files.list(data.imageDir().resolve(kind))) {
        assertEquals(3, files.count(), kind + " folder");
      }
    }
    Scene scene = new SyntheticCocoGenerator(config).scene(0);
    SceneRenderer.RenderedScene rendered = SceneRenderer.render(scene);
    BinaryMask core = PixelSets.erode(rendered.masks().get(0));
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < scene.height(); y++) {
      for (int x = 0; x < scene.width(); x++) {
        if (core.get(y, x)) {
          colours.add(rendered.image().getRGB(x, y) & 0xFFFFFF);
        }
      }
    }
    assertEquals(
        Set.of(
            scene.shapes().get(0).color().color().getRGB() & 0xFFFFFF,
            scene.shapes().get(0).color().shade().getRGB() & 0xFFFFFF),
        colours);
  }

  @Test
  void refusesANonEmptyOutputDirectory(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("old.txt"), "x");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SyntheticCocoGenerator(SMALL).generate(dir));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
  }

  @Test
  void configValidationNamesFieldValueRuleAndFix() {
    ConfigException heldOut =
        assertThrows(
            ConfigException.class,
            () -> new SyntheticCocoConfig(1, 10, 64, 96, 1, 3, SceneDomain.HELD_OUT, 5));
    assertEquals(
        "SyntheticCocoConfig.maxObjects = 3: must be 1 in the held-out domain (one class per image, one folder per class);"
            + " use SyntheticCocoConfig.heldOut(seed, imageCount)",
        heldOut.getMessage());
    ConfigException captions =
        assertThrows(
            ConfigException.class,
            () -> new SyntheticCocoConfig(1, 10, 64, 96, 1, 3, SceneDomain.IN_DOMAIN, 8));
    assertEquals(
        "SyntheticCocoConfig.captionsPerImage = 8: must be in 1..7 (one caption per template); use 5, as COCO has",
        captions.getMessage());
  }
}
