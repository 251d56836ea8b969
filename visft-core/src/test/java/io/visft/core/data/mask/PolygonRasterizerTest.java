package io.visft.core.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.core.data.geometry.Box;
import org.junit.jupiter.api.Test;

/**
 * Cases traced by hand through the rasteriser: a column {@code c} is inside where the outline
 * crosses {@code x = c + 0.5}, and a row {@code r} starts where {@code r >= y - 0.4}.
 */
class PolygonRasterizerTest {

  @Test
  void twoByTwoSquare() {
    Rle rle = PolygonRasterizer.rasterize(new double[] {1, 1, 3, 1, 3, 3, 1, 3}, 5, 5);
    assertArrayEquals(new int[] {6, 2, 3, 2, 12}, rle.counts());
    assertEquals("62309", rle.toCompressedString());
    assertEquals(4, rle.area());
    assertEquals(Box.fromXywh(1, 1, 2, 2), rle.toBbox());
  }

  @Test
  void squareTracedClockwiseOrCounterClockwiseIsTheSame() {
    Rle counterClockwise = PolygonRasterizer.rasterize(new double[] {1, 1, 1, 3, 3, 3, 3, 1}, 5, 5);
    assertArrayEquals(new int[] {6, 2, 3, 2, 12}, counterClockwise.counts());
  }

  @Test
  void rightTriangleKeepsPixelsWhoseCentreIsInside() {
    // Pixel centres (c + .5, r + .5) with c + r < 3; the crossing at (3, 0) appears twice and
    // cancels.
    Rle rle = PolygonRasterizer.rasterize(new double[] {0, 0, 4, 0, 0, 4}, 4, 4);
    assertArrayEquals(new int[] {0, 3, 1, 2, 2, 1, 7}, rle.counts());
    assertEquals(6, rle.area());
    assertEquals(Box.fromXywh(0, 0, 3, 3), rle.toBbox());
    boolean[][] expected = {
      {true, true, true, false},
      {true, true, false, false},
      {true, false, false, false},
      {false, false, false, false},
    };
    assertArrayEquals(expected, rle.decode());
  }

  @Test
  void polygonBeyondTheImageIsClipped() {
    Rle rle = PolygonRasterizer.rasterize(new double[] {-2, -2, 9, -2, 9, 9, -2, 9}, 3, 4);
    assertArrayEquals(new int[] {0, 12}, rle.counts());
  }

  @Test
  void boxIsRasterisedAsItsCornerPolygon() {
    Rle box = PolygonRasterizer.rasterize(Box.fromXywh(1, 1, 2, 2), 5, 5);
    assertArrayEquals(new int[] {6, 2, 3, 2, 12}, box.counts());
  }

  @Test
  void fewerThanTwoVerticesGiveAnEmptyMask() {
    assertArrayEquals(new int[] {12}, PolygonRasterizer.rasterize(new double[0], 3, 4).counts());
    assertArrayEquals(
        new int[] {12}, PolygonRasterizer.rasterize(new double[] {1.5, 1.5}, 3, 4).counts());
  }

  @Test
  void rejectsOddCoordinateCount() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PolygonRasterizer.rasterize(new double[] {0, 0, 1}, 3, 3));
  }
}
