package io.visft.core.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.core.data.geometry.Box;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with the reference port of the COCO mask algorithms on random inputs; regenerate the
 * fixture with {@code tools/fixtures/coco_mask_fixture.py}.
 */
class CocoMaskFixtureTest {
  private static JsonNode fixture;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = CocoMaskFixtureTest.class.getResourceAsStream("coco_mask_fixture.json")) {
      fixture = new ObjectMapper().readTree(in);
    }
  }

  @Test
  void polygonsRasteriseAndMergeIdentically() {
    assertEquals(60, fixture.get("polygons").size());
    for (JsonNode item : fixture.get("polygons")) {
      int height = item.get("height").asInt();
      int width = item.get("width").asInt();
      List<Rle> singles = new ArrayList<>();
      for (int p = 0; p < item.get("polygons").size(); p++) {
        double[] xy = doubles(item.get("polygons").get(p));
        Rle single = PolygonRasterizer.rasterize(xy, height, width);
        assertEquals(
            item.get("single").get(p).asText(), single.toCompressedString(), item.toString());
        singles.add(single);
      }
      Rle merged = Rle.merge(singles, false);
      assertEquals(item.get("merged").asText(), merged.toCompressedString(), item.toString());
      assertEquals(item.get("area").asLong(), merged.area());
      assertEquals(box(item.get("bbox")), merged.toBbox());
    }
  }

  @Test
  void boxesRasteriseIdentically() {
    for (JsonNode item : fixture.get("boxes")) {
      Rle rle =
          PolygonRasterizer.rasterize(
              box(item.get("box")), item.get("height").asInt(), item.get("width").asInt());
      assertEquals(item.get("counts").asText(), rle.toCompressedString(), item.toString());
    }
  }

  @Test
  void masksEncodeIdentically() {
    for (JsonNode item : fixture.get("masks")) {
      JsonNode rows = item.get("rows");
      boolean[][] mask = new boolean[rows.size()][];
      for (int row = 0; row < rows.size(); row++) {
        String bits = rows.get(row).asText();
        mask[row] = new boolean[bits.length()];
        for (int col = 0; col < bits.length(); col++) {
          mask[row][col] = bits.charAt(col) == '1';
        }
      }
      Rle rle = Rle.encode(mask);
      int[] counts = new int[item.get("counts").size()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = item.get("counts").get(i).asInt();
      }
      assertArrayEquals(counts, rle.counts());
      assertEquals(item.get("string").asText(), rle.toCompressedString());
      assertEquals(item.get("area").asLong(), rle.area());
      assertEquals(box(item.get("bbox")), rle.toBbox());
    }
  }

  @Test
  void mergesMatch() {
    for (JsonNode item : fixture.get("merges")) {
      Rle a = rle(item, "a");
      Rle b = rle(item, "b");
      assertEquals(
          item.get("union").asText(), Rle.merge(List.of(a, b), false).toCompressedString());
      assertEquals(
          item.get("intersection").asText(), Rle.merge(List.of(a, b), true).toCompressedString());
    }
  }

  @Test
  void iousMatch() {
    for (JsonNode item : fixture.get("ious")) {
      double iou = Iou.of(rle(item, "dt"), rle(item, "gt"), item.get("crowd").asBoolean());
      assertEquals(item.get("iou").asDouble(), iou, 1e-15, item.toString());
    }
  }

  private static Rle rle(JsonNode item, String field) {
    return Rle.fromCompressedString(
        item.get(field).asText(), item.get("height").asInt(), item.get("width").asInt());
  }

  private static Box box(JsonNode node) {
    double[] values = doubles(node);
    return Box.fromXywh(values[0], values[1], values[2], values[3]);
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }
}
