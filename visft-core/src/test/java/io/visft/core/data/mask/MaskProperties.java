package io.visft.core.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of masks checked against brute-force pixel arithmetic. */
class MaskProperties {

  @Property(tries = 250)
  void decodeInvertsEncode(@ForAll("masks") boolean[][] mask) {
    assertArrayEquals(mask, Rle.encode(mask).decode());
  }

  @Property(tries = 250)
  void stringCodecRoundTrips(
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> counts) {
    int[] array = counts.stream().mapToInt(Integer::intValue).toArray();
    assertArrayEquals(array, RleStringCodec.decode(RleStringCodec.encode(array)));
  }

  @Property(tries = 250)
  void compressedStringRoundTripsTheMask(@ForAll("masks") boolean[][] mask) {
    Rle rle = Rle.encode(mask);
    assertEquals(
        rle, Rle.fromCompressedString(rle.toCompressedString(), rle.height(), rle.width()));
  }

  @Property(tries = 250)
  void areaEqualsPixelCount(@ForAll("masks") boolean[][] mask) {
    assertEquals(pixels(mask), Rle.encode(mask).area());
  }

  @Property(tries = 250)
  void bboxIsTheTightBoxOfTheForeground(@ForAll("masks") boolean[][] mask) {
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
    BoundingBox expected =
        maxRow < 0
            ? new BoundingBox(0, 0, 0, 0)
            : new BoundingBox(minCol, minRow, maxCol - minCol + 1, maxRow - minRow + 1);
    assertEquals(expected, Rle.encode(mask).toBbox());
  }

  @Property(tries = 250)
  void mergeIsPixelwiseOrAndAnd(@ForAll("maskPairs") boolean[][][] pair) {
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
  }

  @Property(tries = 250)
  void maskIouIsPixelIou(@ForAll("maskPairs") boolean[][][] pair, @ForAll boolean crowd) {
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
  }

  @Property(tries = 250)
  void nonCrowdIouIsSymmetricAndInUnitInterval(@ForAll("maskPairs") boolean[][][] pair) {
    Rle a = Rle.encode(pair[0]);
    Rle b = Rle.encode(pair[1]);
    double iou = Iou.of(a, b, false);
    assertEquals(iou, Iou.of(b, a, false));
    assertTrue(iou >= 0 && iou <= 1, "IoU " + iou + " outside [0, 1]");
    assertTrue(Iou.of(a, b, true) >= 0 && Iou.of(a, b, true) <= 1);
  }

  @Property(tries = 250)
  void boxIouIsSymmetricAndInUnitInterval(
      @ForAll("boxes") BoundingBox a, @ForAll("boxes") BoundingBox b) {
    double iou = Iou.of(a, b, false);
    assertEquals(iou, Iou.of(b, a, false));
    assertTrue(iou >= 0 && iou <= 1, "IoU " + iou + " outside [0, 1]");
  }

  @Property(tries = 250)
  void integerRectangleRasterisesToItsArea(
      @ForAll @IntRange(min = 0, max = 12) int x0,
      @ForAll @IntRange(min = 0, max = 12) int y0,
      @ForAll @IntRange(min = 0, max = 12) int width,
      @ForAll @IntRange(min = 0, max = 12) int height) {
    Rle rle = PolygonRasterizer.rasterize(new BoundingBox(x0, y0, width, height), 30, 25);
    assertEquals((long) width * height, rle.area());
    if (width > 0 && height > 0) {
      assertEquals(new BoundingBox(x0, y0, width, height), rle.toBbox());
    }
  }

  @Property(tries = 250)
  void rasterisationCommutesWithIntegerShifts(
      @ForAll("eighths") @Size(min = 6, max = 16) List<Double> coordinates,
      @ForAll @IntRange(min = 0, max = 6) int shiftX,
      @ForAll @IntRange(min = 0, max = 6) int shiftY) {
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
        boolean expected = row >= shiftY && col >= shiftX && original[row - shiftY][col - shiftX];
        assertEquals(expected, moved[row][col], "pixel (" + row + ", " + col + ")");
      }
    }
  }

  @Provide
  Arbitrary<List<Double>> eighths() {
    // Multiples of 1/8 scale by 5 exactly, so shifting cannot change any rounding; the polygon
    // stays inside a 20x20 image after a shift of up to 6.
    return Arbitraries.integers()
        .between(0, 13 * 8)
        .map(k -> k / 8.0)
        .list()
        .ofMinSize(6)
        .ofMaxSize(16)
        .filter(list -> list.size() % 2 == 0);
  }

  @Provide
  Arbitrary<boolean[][]> masks() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 9),
            Arbitraries.integers().between(1, 9),
            Arbitraries.doubles().between(0, 1))
        .flatAs((height, width, density) -> maskOf(height, width, density));
  }

  @Provide
  Arbitrary<boolean[][][]> maskPairs() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 9), Arbitraries.integers().between(1, 9))
        .flatAs(
            (height, width) ->
                Combinators.combine(maskOf(height, width, 0.3), maskOf(height, width, 0.6))
                    .as((a, b) -> new boolean[][][] {a, b}));
  }

  @Provide
  Arbitrary<BoundingBox> boxes() {
    Arbitrary<Double> coordinate = Arbitraries.doubles().between(-20, 20);
    Arbitrary<Double> extent = Arbitraries.doubles().between(0, 30);
    return Combinators.combine(coordinate, coordinate, extent, extent).as(BoundingBox::new);
  }

  private static Arbitrary<boolean[][]> maskOf(int height, int width, double density) {
    return Arbitraries.doubles()
        .between(0, 1)
        .map(value -> value < density)
        .array(boolean[].class)
        .ofSize(width)
        .array(boolean[][].class)
        .ofSize(height);
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
