package io.visft.core.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rasteriser against a transcription of the COCO API's {@code rleFrPoly}, which walks every
 * scaled point of the outline, on seeded random polygons reaching off the image; and polygons with
 * vertices so far off that walk could not run.
 */
class PolygonRasterizerWalkTest {

  private static final int HEIGHT = 30;
  private static final int WIDTH = 40;

  /**
   * The mask of {@code rleFrPoly}: every point of the outline walked, crossings toggling by parity.
   */
  private static boolean[][] denseWalk(double[] xy, int h, int w) {
    int k = xy.length / 2;
    int[] x = new int[k + 1];
    int[] y = new int[k + 1];
    for (int j = 0; j < k; j++) {
      x[j] = (int) (5 * xy[2 * j] + .5);
      y[j] = (int) (5 * xy[2 * j + 1] + .5);
    }
    x[k] = x[0];
    y[k] = y[0];
    List<int[]> points = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      int xs = x[j];
      int xe = x[j + 1];
      int ys = y[j];
      int ye = y[j + 1];
      int dx = Math.abs(xe - xs);
      int dy = Math.abs(ys - ye);
      boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
      if (flip) {
        int t = xs;
        xs = xe;
        xe = t;
        t = ys;
        ys = ye;
        ye = t;
      }
      double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
      if (dx == 0 && dy == 0) {
        points.add(new int[] {xs, ys});
      } else if (dx >= dy) {
        for (int d = 0; d <= dx; d++) {
          int t = flip ? dx - d : d;
          points.add(new int[] {t + xs, (int) (ys + s * t + .5)});
        }
      } else {
        for (int d = 0; d <= dy; d++) {
          int t = flip ? dy - d : d;
          points.add(new int[] {(int) (xs + s * t + .5), t + ys});
        }
      }
    }
    int[] toggles = new int[h * w + 1];
    for (int j = 1; j < points.size(); j++) {
      int[] cur = points.get(j);
      int[] prev = points.get(j - 1);
      if (cur[0] == prev[0]) {
        continue;
      }
      double xd = cur[0] < prev[0] ? cur[0] : cur[0] - 1;
      xd = (xd + .5) / 5 - .5;
      if (Math.floor(xd) != xd || xd < 0 || xd > w - 1) {
        continue;
      }
      double yd = (Math.min(cur[1], prev[1]) + .5) / 5 - .5;
      yd = Math.ceil(Math.min(Math.max(yd, 0), h));
      toggles[(int) xd * h + (int) yd]++;
    }
    boolean[][] mask = new boolean[h][w];
    boolean inside = false;
    for (int p = 0; p < h * w; p++) {
      inside ^= toggles[p] % 2 == 1;
      mask[p % h][p / h] = inside;
    }
    return mask;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void matchesTheDenseWalkOnRandomPolygonsReachingOffTheImage(long seed) {
    Random random = new Random(seed);
    for (int polygon = 0; polygon < 200; polygon++) {
      double[] xy = new double[2 * (1 + random.nextInt(9))];
      double spread = polygon % 10 == 0 ? 400 : 70;
      for (int i = 0; i < xy.length; i++) {
        xy[i] = Math.round((random.nextDouble() * spread - spread / 4) * 10) / 10.0;
      }
      boolean[][] expected = denseWalk(xy, HEIGHT, WIDTH);
      boolean[][] actual = PolygonRasterizer.rasterize(xy, HEIGHT, WIDTH).decode();
      for (int r = 0; r < HEIGHT; r++) {
        assertArrayEquals(
            expected[r], actual[r], "row " + r + " of polygon " + Arrays.toString(xy));
      }
    }
  }

  @ParameterizedTest(name = "far edge at x = {0}")
  @ValueSource(doubles = {1e8, 1e9, -1e9, 1e300})
  void verticesFarOffTheImageGiveTheMaskOfTheVisiblePart(double far) {
    double[] band = {0, 2.2, 100, 2.2, 100, 11.6, 0, 11.6};
    double[] farBand = {0, 2.2, far, 2.2, far, 11.6, 0, 11.6};
    double[] mirrored = {0, 2.2, -100, 2.2, -100, 11.6, 0, 11.6};
    Rle expected = PolygonRasterizer.rasterize(far > 0 ? band : mirrored, HEIGHT, WIDTH);
    assertTrue(far < 0 || expected.area() > 0, "the band covers part of the image");
    assertArrayEquals(
        expected.counts(), PolygonRasterizer.rasterize(farBand, HEIGHT, WIDTH).counts());
  }

  @Test
  void refusesAnOutlineWithMoreColumnCrossingsThanAnyMaskNeeds() {
    double[] zigzag = new double[2 * 1000];
    for (int i = 0; i < 1000; i++) {
      zigzag[2 * i] = i % 2 == 0 ? -10 : 30_000;
      zigzag[2 * i + 1] = i;
    }
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> PolygonRasterizer.rasterize(zigzag, 1000, 20_000))
            .getMessage();
    assertTrue(
        message.contains("crosses pixel columns of the 1000x20000 image up to 20000000 times"),
        message);
  }
}
