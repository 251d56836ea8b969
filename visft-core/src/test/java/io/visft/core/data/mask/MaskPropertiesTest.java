package io.visft.core.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.visft.core.data.geometry.Box;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Properties of masks checked against brute-force pixel arithmetic. */
class MaskPropertiesTest {

  @Test
  void decodeInvertsEncode() {
    qt().withExamples(250)
        .forAll(masks())
        .checkAssert(
            mask -> {
              assertArrayEquals(mask, Rle.encode(mask).decode());
            });
  }

  @Test
  void stringCodecRoundTrips() {
    qt().withExamples(250)
        .forAll(lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(0, 40))
        .checkAssert(
            counts -> {
              int[] array = counts.stream().mapToInt(Integer::intValue).toArray();
              assertArrayEquals(array, RleStringCodec.decode(RleStringCodec.encode(array)));
            });
  }

  @Test
  void compressedStringRoundTripsTheMask() {
    qt().withExamples(250)
        .forAll(masks())
        .checkAssert(
            mask -> {
              Rle rle = Rle.encode(mask);
              assertEquals(
                  rle,
                  Rle.fromCompressedString(rle.toCompressedString(), rle.height(), rle.width()));
            });
  }

  @Test
  void areaEqualsPixelCount() {
    qt().withExamples(250)
        .forAll(masks())
        .checkAssert(
            mask -> {
              assertEquals(pixels(mask), Rle.encode(mask).area());
            });
  }

  @Test
  void bboxIsTheTightBoxOfTheForeground() {
    qt().withExamples(250)
        .forAll(masks())
        .checkAssert(
            mask -> {
              int minRow = Integer.MAX_VALUE;
              int minCol = Integer.MAX_VALUE;
              int maxRow = -1;
              int maxCol = -1;
              for (int row = 0; row < mask.length; row++) {
                for (int col = 0; col < mask[row].length; col++) {
                  if (mask[row][col]) {
                    minRow = Math.min(minRow, row);
                    maxRow = Math.max(maxRow, row);
                    minCol = Math.min(minCol, col);
                    maxCol = Math.max(maxCol, col);
                  }
                }
              }
              Box expected =
                  maxRow < 0
                      ? Box.fromXywh(0, 0, 0, 0)
                      : Box.fromXywh(minCol, minRow, maxCol - minCol + 1, maxRow - minRow + 1);
              assertEquals(expected, Rle.encode(mask).toBbox());
            });
  }

  @Test
  void mergeIsPixelwiseOrAndAnd() {
    qt().withExamples(250)
        .forAll(maskPairs())
        .checkAssert(
            pair -> {
              Rle a = Rle.encode(pair[0]);
              Rle b = Rle.encode(pair[1]);
              boolean[][] union = new boolean[pair[0].length][pair[0][0].length];
              boolean[][] intersection = new boolean[pair[0].length][pair[0][0].length];
              for (int row = 0; row < union.length; row++) {
                for (int col = 0; col < union[row].length; col++) {
                  union[row][col] = pair[0][row][col] || pair[1][row][col];
                  intersection[row][col] = pair[0][row][col] && pair[1][row][col];
                }
              }
              assertEquals(Rle.encode(union), Rle.merge(List.of(a, b), false));
              assertEquals(Rle.encode(intersection), Rle.merge(List.of(a, b), true));
            });
  }

  @Test
  void maskIouIsPixelIou() {
    qt().withExamples(250)
        .forAll(maskPairs(), booleans().all())
        .checkAssert(
            (pair, crowd) -> {
              long intersection = 0;
              long union = 0;
              for (int row = 0; row < pair[0].length; row++) {
                for (int col = 0; col < pair[0][row].length; col++) {
                  intersection += pair[0][row][col] && pair[1][row][col] ? 1 : 0;
                  union += pair[0][row][col] || pair[1][row][col] ? 1 : 0;
                }
              }
              long denominator = crowd ? pixels(pair[0]) : union;
              double expected = intersection == 0 ? 0 : (double) intersection / denominator;
              assertEquals(expected, Iou.of(Rle.encode(pair[0]), Rle.encode(pair[1]), crowd));
            });
  }

  @Test
  void nonCrowdIouIsSymmetricAndInUnitInterval() {
    qt().withExamples(250)
        .forAll(maskPairs())
        .checkAssert(
            pair -> {
              Rle a = Rle.encode(pair[0]);
              Rle b = Rle.encode(pair[1]);
              double iou = Iou.of(a, b, false);
              assertEquals(iou, Iou.of(b, a, false));
              assertTrue(iou >= 0 && iou <= 1, "IoU " + iou + " outside [0, 1]");
              assertTrue(Iou.of(a, b, true) >= 0 && Iou.of(a, b, true) <= 1);
            });
  }

  @Test
  void boxIouIsSymmetricAndInUnitInterval() {
    qt().withExamples(250)
        .forAll(boxes(), boxes())
        .checkAssert(
            (a, b) -> {
              double iou = Iou.of(a, b, false);
              assertEquals(iou, Iou.of(b, a, false));
              assertTrue(iou >= 0 && iou <= 1, "IoU " + iou + " outside [0, 1]");
            });
  }

  @Test
  void integerRectangleRasterisesToItsArea() {
    qt().withExamples(250)
        .forAll(
            integers().between(0, 12),
            integers().between(0, 12),
            integers().between(0, 12),
            integers().between(0, 12))
        .checkAssert(
            (x0, y0, width, height) -> {
              Rle rle = PolygonRasterizer.rasterize(Box.fromXywh(x0, y0, width, height), 30, 25);
              assertEquals((long) width * height, rle.area());
              if (width > 0 && height > 0) {
                assertEquals(Box.fromXywh(x0, y0, width, height), rle.toBbox());
              }
            });
  }

  @Test
  void rasterisationCommutesWithIntegerShifts() {
    qt().withExamples(250)
        .forAll(eighths(), integers().between(0, 6), integers().between(0, 6))
        .checkAssert(
            (coordinates, shiftX, shiftY) -> {
              double[] xy = coordinates.stream().mapToDouble(Double::doubleValue).toArray();
              double[] shifted = xy.clone();
              for (int j = 0; j < shifted.length; j += 2) {
                shifted[j] += shiftX;
                shifted[j + 1] += shiftY;
              }
              int size = 20;
              boolean[][] original = PolygonRasterizer.rasterize(xy, size, size).decode();
              boolean[][] moved = PolygonRasterizer.rasterize(shifted, size, size).decode();
              for (int row = 0; row < size; row++) {
                for (int col = 0; col < size; col++) {
                  boolean expected =
                      row >= shiftY && col >= shiftX && original[row - shiftY][col - shiftX];
                  assertEquals(expected, moved[row][col], "pixel (" + row + ", " + col + ")");
                }
              }
            });
  }

  /**
   * Three to eight polygon vertices with coordinates that are multiples of 1/8 in [1, 13]: they
   * scale by 5 exactly, so shifting cannot change any rounding, and the polygon stays inside a
   * 20x20 image after a shift of up to 6. At least one pixel from the top and left edges: a vertex
   * on the image border is clipped there as the COCO API clips it, which a shift into the image
   * undoes (seen with a polygon at y = 0 shifted down by 1; the COCO API's own walk gives the same
   * pixel).
   */
  private static Gen<List<Double>> eighths() {
    Gen<Double> eighth = integers().between(8, 13 * 8).map(k -> k / 8.0);
    return integers().between(3, 8).flatMap(vertices -> lists().of(eighth).ofSize(2 * vertices));
  }

  /** Masks of 1 to 9 rows and columns with a random foreground density. */
  private static Gen<boolean[][]> masks() {
    return integers()
        .between(1, 9)
        .zip(integers().between(1, 9), doubles().between(0, 1), MaskPropertiesTest::maskOf)
        .flatMap(mask -> mask)
        .describedAs(MaskPropertiesTest::show);
  }

  /** Two masks of the same size, of densities 0.3 and 0.6. */
  private static Gen<boolean[][][]> maskPairs() {
    return integers()
        .between(1, 9)
        .zip(
            integers().between(1, 9),
            (height, width) ->
                maskOf(height, width, 0.3)
                    .zip(maskOf(height, width, 0.6), (a, b) -> new boolean[][][] {a, b}))
        .flatMap(pair -> pair)
        .describedAs(pair -> show(pair[0]) + " and " + show(pair[1]));
  }

  private static Gen<Box> boxes() {
    Gen<Double> coordinate = doubles().between(-20, 20);
    Gen<Double> extent = doubles().between(0, 30);
    return coordinate.zip(coordinate, extent, extent, Box::fromXywh);
  }

  private static Gen<boolean[][]> maskOf(int height, int width, double density) {
    Gen<Boolean> pixel = doubles().between(0, 1).map(value -> value < density);
    return in -> {
      boolean[][] mask = new boolean[height][width];
      for (boolean[] row : mask) {
        for (int col = 0; col < width; col++) {
          row[col] = pixel.generate(in);
        }
      }
      return mask;
    };
  }

  private static String show(boolean[][] mask) {
    return Arrays.deepToString(mask);
  }

  private static long pixels(boolean[][] mask) {
    long count = 0;
    for (boolean[] row : mask) {
      for (boolean pixel : row) {
        count += pixel ? 1 : 0;
      }
    }
    return count;
  }
}
