package io.visft.core.data.coco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.data.mask.Rle;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentationTest {
  private static final double[] SQUARE = {1, 1, 3, 1, 3, 3, 1, 3};

  @Test
  void polygonsOfOneObjectAreUnited() {
    double[] overlapping = {2, 2, 4, 2, 4, 4, 2, 4};
    Rle rle = new Segmentation.Polygons(List.of(SQUARE, overlapping)).toRle(5, 5);
    assertEquals(7, rle.area());
  }

  @Test
  void fourNumberPolygonsAreReadAsBoxesLikeTheCocoApi() {
    Rle box = new Segmentation.Polygons(List.of(new double[] {1, 1, 2, 2})).toRle(5, 5);
    assertArrayEquals(new int[] {6, 2, 3, 2, 12}, box.counts());
    Rle reversedBox = new Segmentation.Polygons(List.of(new double[] {3, 3, -2, -2})).toRle(5, 5);
    assertEquals(box, reversedBox);
  }

  @Test
  void emptyPolygonListIsAnEmptyMask() {
    assertEquals(0, new Segmentation.Polygons(List.of()).toRle(4, 4).area());
  }

  @Test
  void rejectsMixingBoxesAndPolygons() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Segmentation.Polygons(List.of(new double[] {1, 1, 2, 2}, SQUARE)));
  }

  @Test
  void rejectsFirstPolygonWithOnePoint() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Segmentation.Polygons(List.of(new double[] {1, 1})));
  }

  @Test
  void polygonsAreCopied() {
    double[] xy = SQUARE.clone();
    Segmentation.Polygons polygons = new Segmentation.Polygons(List.of(xy));
    xy[0] = 0;
    polygons.polygons().get(0)[1] = 0;
    assertArrayEquals(SQUARE, polygons.polygons().get(0));
  }

  @Test
  void polygonEqualityComparesCoordinates() {
    assertEquals(
        new Segmentation.Polygons(List.of(SQUARE.clone())),
        new Segmentation.Polygons(List.of(SQUARE)));
    assertEquals(
        new Segmentation.Polygons(List.of(SQUARE.clone())).hashCode(),
        new Segmentation.Polygons(List.of(SQUARE)).hashCode());
    assertNotEquals(
        new Segmentation.Polygons(List.of(SQUARE)),
        new Segmentation.Polygons(List.of(new double[] {0, 0, 3, 1, 3, 3, 1, 3})));
  }

  @Test
  void runLengthFormsDecodeToTheSameMask() {
    Segmentation compressed = new Segmentation.CompressedRle(5, 5, "62309");
    Segmentation plain = new Segmentation.UncompressedRle(5, 5, List.of(6, 2, 3, 2, 12));
    assertEquals(compressed.toRle(5, 5), plain.toRle(5, 5));
    assertEquals(new Segmentation.Polygons(List.of(SQUARE)).toRle(5, 5), plain.toRle(5, 5));
  }

  @Test
  void runLengthFormsMustFitTheImage() {
    Segmentation compressed = new Segmentation.CompressedRle(5, 5, "62309");
    assertTrue(compressed.fitsImage(5, 5));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> compressed.toRle(5, 6));
    assertEquals(
        "run-length mask has size [5, 5] but the image is [5, 6] (rows, columns)",
        error.getMessage());
  }

  @Test
  void rejectsMalformedCounts() {
    assertThrows(
        IllegalArgumentException.class, () -> new Segmentation.CompressedRle(5, 5, "6230"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Segmentation.UncompressedRle(5, 5, List.of(6, 2, 3)));
  }
}
