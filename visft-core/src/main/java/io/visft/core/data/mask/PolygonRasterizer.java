package io.visft.core.data.mask;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.geometry.Box;
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

  /** Column crossings of one polygon beyond this are refused (64 MiB of positions). */
  private static final long MAX_CROSSINGS = 1L << 24;

  private static final long MAX_SCALED = 1L << 40;

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
    int[] boundaries = columnCrossings(xy, height, width);
    return Rle.of(height, width, toggleRuns(boundaries, height * width));
  }

  /** Rasterises a box as the polygon through its four corners, as the COCO API does for boxes. */
  public static Rle rasterize(Box box, int height, int width) {
    return rasterize(
        new double[] {
          box.x0(), box.y0(), box.x0(), box.y1(), box.x1(), box.y1(), box.x1(), box.y0()
        },
        height,
        width);
  }

  /**
   * Rasterises the corner polygon {@code (x, y), (x, y + h), (x + w, y + h), (x + w, y)} of a box
   * given as COCO's four numbers {@code [x, y, w, h]}; unlike {@link Box#fromXywh}, negative
   * extents are allowed (the COCO API reads four-number polygons this way).
   */
  public static Rle rasterizeBox(
      double x, double y, double boxWidth, double boxHeight, int height, int width) {
    double right = x + boxWidth;
    double bottom = y + boxHeight;
    return rasterize(new double[] {x, y, x, bottom, right, bottom, right, y}, height, width);
  }

  /**
   * Column-major positions {@code col * height + row} where the outline crosses the centre line of
   * a pixel column inside the image; rows are clamped to {@code [0, height]}.
   *
   * <p>The COCO API walks every scaled point of the outline and keeps the steps that cross a column
   * centre inside the image; a vertex at 1e8 would make that walk billions of points long. Here
   * each edge is solved for those steps directly: along an edge the walk's column coordinate {@code
   * u} is monotone, so the step across the centre of column {@code c} (between {@code u = 5c + 2}
   * and {@code 5c + 3}) is found by bisection, and only columns of the image are visited. The
   * positions are exactly those of the dense walk, in a different order, which the sort in {@link
   * #toggleRuns} removes.
   */
  private static int[] columnCrossings(double[] xy, int height, int width) {
    int vertices = xy.length / 2;
    long[] x = new long[vertices + 1];
    long[] y = new long[vertices + 1];
    for (int j = 0; j < vertices; j++) {
      x[j] = scaled(xy[2 * j]);
      y[j] = scaled(xy[2 * j + 1]);
    }
    if (vertices > 0) {
      x[vertices] = x[0];
      y[vertices] = y[0];
    }
    long total = 0;
    Edge[] edges = new Edge[vertices];
    for (int j = 0; j < vertices; j++) {
      edges[j] = new Edge(x[j], y[j], x[j + 1], y[j + 1]);
      total += edges[j].candidateColumns(width);
    }
    checkArgument(
        total <= MAX_CROSSINGS,
        "polygon of %s vertices crosses pixel columns of the %sx%s image up to %s times, more than the %s a mask "
            + "can need; its coordinates are corrupt",
        vertices,
        height,
        width,
        total,
        MAX_CROSSINGS);
    int[] positions = new int[(int) total];
    int n = 0;
    for (Edge edge : edges) {
      n = edge.crossings(height, width, positions, n);
    }
    return Arrays.copyOf(positions, n);
  }

  /**
   * A vertex coordinate scaled and rounded as the COCO API does ({@code (int) (5 * c + 0.5)}), in a
   * long and clamped to {@code ±2^40}, hundreds of billions of pixels off the image (the COCO API's
   * int overflows far earlier), so that differences of coordinates cannot overflow.
   */
  private static long scaled(double coordinate) {
    return Math.max(-MAX_SCALED, Math.min(MAX_SCALED, (long) (SCALE * coordinate + 0.5)));
  }

  /**
   * One edge of the scaled outline as the COCO API walks it: one point per unit {@code t} along the
   * major axis from the endpoint with the smaller major coordinate, the minor coordinate rounded
   * from the slope; {@code flipped} edges are walked from {@code t = steps} down to 0.
   */
  private static final class Edge {
    private final boolean xMajor;
    private final boolean flipped;
    private final long fromX;
    private final long fromY;
    private final long steps;
    private final double slope;

    Edge(long xs, long ys, long xe, long ye) {
      long dx = Math.abs(xe - xs);
      long dy = Math.abs(ye - ys);
      xMajor = dx >= dy;
      flipped = xMajor ? xs > xe : ys > ye;
      fromX = flipped ? xe : xs;
      fromY = flipped ? ye : ys;
      steps = xMajor ? dx : dy;
      long toMinor = xMajor ? (flipped ? ys : ye) : (flipped ? xs : xe);
      slope = steps == 0 ? 0 : (double) (toMinor - (xMajor ? fromY : fromX)) / steps;
    }

    long u(long t) {
      return xMajor ? fromX + t : (long) (fromX + slope * t + 0.5);
    }

    long v(long t) {
      return xMajor ? (long) (fromY + slope * t + 0.5) : fromY + t;
    }

    /**
     * Image columns whose centre lies between the edge's end columns: an upper bound on its
     * crossings.
     */
    long candidateColumns(int width) {
      long first = firstColumn();
      long last = lastColumn(width);
      return steps == 0 || last < first ? 0 : last - first + 1;
    }

    private long firstColumn() {
      return Math.max(0, -Math.floorDiv(-(Math.min(u(0), u(steps)) - 2), 5));
    }

    private long lastColumn(int width) {
      return Math.min(width - 1L, Math.floorDiv(Math.max(u(0), u(steps)) - 3, 5));
    }

    /** Appends the crossings of this edge inside the image; returns the new count. */
    int crossings(int height, int width, int[] positions, int n) {
      if (candidateColumns(width) == 0) {
        return n;
      }
      boolean increasing = u(steps) > u(0);
      // The walk meets the step from u = 5c + 2 to 5c + 3 going up or going down in u; the COCO API
      // takes the column left of a step from the point it arrives at: that point itself going down,
      // one less going up.
      boolean walksUp = increasing != flipped;
      for (long col = firstColumn(), last = lastColumn(width); col <= last; col++) {
        long low = 5 * col + 2;
        long t = firstPast(low, increasing);
        long arrival = flipped ? t - 1 : t;
        if (t >= 1 && t <= steps && u(arrival) == (walksUp ? low + 1 : low)) {
          double row = (Math.min(v(t - 1), v(t)) + 0.5) / SCALE - 0.5;
          row = Math.ceil(Math.min(Math.max(row, 0), height));
          positions[n++] = (int) col * height + (int) row;
        }
      }
      return n;
    }

    /**
     * The first {@code t} whose {@code u} lies beyond {@code low} (above it when increasing, at or
     * below it otherwise).
     */
    private long firstPast(long low, boolean increasing) {
      long lo = 0;
      long hi = steps + 1;
      while (lo < hi) {
        long mid = (lo + hi) >>> 1;
        boolean past = increasing ? u(mid) > low : u(mid) <= low;
        if (past) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }
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
