package io.visft.core.data.mask;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Rasterises polygons and boxes into masks exactly as the COCO API does, so that areas and IoUs
 * match the official tools pixel for pixel.
 *
 * <p>The algorithm: vertices are scaled by 5 and rounded; the closed outline is walked densely (one
 * step per unit along the major axis, the minor coordinate rounded, always computed from the
 * endpoint with the smaller major coordinate so an edge rasterises the same both ways); wherever
 * the walk crosses the middle of a pixel column ({@code x = col + 0.5}) a boundary is recorded at
 * the first row whose top lies at or below the crossing (rounded up after scaling back); boundaries
 * are sorted in column-major order and each toggles the mask, so two at one position cancel.
 *
 * <p>Stateless and thread-safe.
 */
public final class PolygonRasterizer {
  private static final double SCALE = 5;

  private PolygonRasterizer() {}

  /**
   * Rasterises one polygon.
   *
   * @param xy vertices as {@code [x0, y0, x1, y1, ...]} in pixel coordinates; the outline is closed
   *     automatically; fewer than two vertices give an empty mask
   * @param height image rows
   * @param width image columns
   * @throws IllegalArgumentException if {@code xy} has an odd length or a non-finite value
   */
  public static Rle rasterize(double[] xy, int height, int width) {
    checkArgument(
        xy.length % 2 == 0,
        "polygon has %s coordinates; expected an even number [x0, y0, x1, y1, ...]",
        xy.length);
    for (double coordinate : xy) {
      checkArgument(
          Double.isFinite(coordinate), "polygon has non-finite coordinate %s", coordinate);
    }
    int[][] outline = denseOutline(xy);
    int[] boundaries = columnCrossings(outline[0], outline[1], height, width);
    return Rle.of(height, width, toggleRuns(boundaries, height * width));
  }

  /** Rasterises a box as the polygon through its four corners, as the COCO API does for boxes. */
  public static Rle rasterize(BoundingBox box, int height, int width) {
    return rasterizeBox(box.x(), box.y(), box.width(), box.height(), height, width);
  }

  /**
   * Rasterises the corner polygon {@code (x, y), (x, y + h), (x + w, y + h), (x + w, y)} of a box
   * given as four numbers; unlike {@link BoundingBox}, negative extents are allowed (the COCO API
   * reads four-number polygons this way).
   */
  public static Rle rasterizeBox(
      double x, double y, double boxWidth, double boxHeight, int height, int width) {
    double right = x + boxWidth;
    double bottom = y + boxHeight;
    return rasterize(new double[] {x, y, x, bottom, right, bottom, right, y}, height, width);
  }

  /** The scaled outline as {@code [u, v]} point arrays, consecutive points one step apart. */
  private static int[][] denseOutline(double[] xy) {
    int vertices = xy.length / 2;
    int[] x = new int[vertices + 1];
    int[] y = new int[vertices + 1];
    for (int j = 0; j < vertices; j++) {
      x[j] = (int) (SCALE * xy[2 * j] + 0.5);
      y[j] = (int) (SCALE * xy[2 * j + 1] + 0.5);
    }
    if (vertices > 0) {
      x[vertices] = x[0];
      y[vertices] = y[0];
    }
    int points = 0;
    for (int j = 0; j < vertices; j++) {
      points += Math.max(Math.abs(x[j + 1] - x[j]), Math.abs(y[j + 1] - y[j])) + 1;
    }
    int[] u = new int[points];
    int[] v = new int[points];
    int n = 0;
    for (int j = 0; j < vertices; j++) {
      n = walkEdge(x[j], y[j], x[j + 1], y[j + 1], u, v, n);
    }
    return new int[][] {u, v};
  }

  /** Appends the points of one edge, start to end inclusive; returns the new point count. */
  private static int walkEdge(int xs, int ys, int xe, int ye, int[] u, int[] v, int n) {
    int dx = Math.abs(xe - xs);
    int dy = Math.abs(ye - ys);
    if (dx == 0 && dy == 0) {
      u[n] = xs;
      v[n] = ys;
      return n + 1;
    }
    if (dx >= dy) {
      boolean reversed = xs > xe;
      int fromX = reversed ? xe : xs;
      int fromY = reversed ? ye : ys;
      int toY = reversed ? ys : ye;
      double slope = (double) (toY - fromY) / dx;
      for (int d = 0; d <= dx; d++, n++) {
        int t = reversed ? dx - d : d;
        u[n] = fromX + t;
        v[n] = (int) (fromY + slope * t + 0.5);
      }
    } else {
      boolean reversed = ys > ye;
      int fromY = reversed ? ye : ys;
      int fromX = reversed ? xe : xs;
      int toX = reversed ? xs : xe;
      double slope = (double) (toX - fromX) / dy;
      for (int d = 0; d <= dy; d++, n++) {
        int t = reversed ? dy - d : d;
        v[n] = fromY + t;
        u[n] = (int) (fromX + slope * t + 0.5);
      }
    }
    return n;
  }

  /**
   * Column-major positions {@code col * height + row} where the outline crosses the centre line of
   * a pixel column inside the image; rows are clamped to {@code [0, height]}.
   */
  private static int[] columnCrossings(int[] u, int[] v, int height, int width) {
    int[] positions = new int[u.length];
    int n = 0;
    for (int j = 1; j < u.length; j++) {
      if (u[j] == u[j - 1]) {
        continue;
      }
      int left = u[j] < u[j - 1] ? u[j] : u[j] - 1;
      double col = (left + 0.5) / SCALE - 0.5;
      if (Math.floor(col) != col || col < 0 || col > width - 1) {
        continue;
      }
      double row = (Math.min(v[j], v[j - 1]) + 0.5) / SCALE - 0.5;
      row = Math.ceil(Math.min(Math.max(row, 0), height));
      positions[n++] = (int) col * height + (int) row;
    }
    return Arrays.copyOf(positions, n);
  }

  /**
   * Run counts from toggle positions: sorted, differenced, and with coincident toggles cancelled (a
   * zero difference folds the next run into the previous one).
   */
  private static int[] toggleRuns(int[] boundaries, int pixels) {
    int[] sorted = Arrays.copyOf(boundaries, boundaries.length + 1);
    sorted[boundaries.length] = pixels;
    Arrays.sort(sorted);
    int[] steps = new int[sorted.length];
    int previous = 0;
    for (int j = 0; j < sorted.length; j++) {
      steps[j] = sorted[j] - previous;
      previous = sorted[j];
    }
    int[] runs = new int[steps.length];
    int size = 0;
    runs[size++] = steps[0];
    int j = 1;
    while (j < steps.length) {
      if (steps[j] > 0) {
        runs[size++] = steps[j++];
      } else {
        j++;
        if (j < steps.length) {
          runs[size - 1] += steps[j++];
        }
      }
    }
    return Arrays.copyOf(runs, size);
  }
}
