package io.visft.heads.segmentation;

import java.util.random.RandomGenerator;

/**
 * Point sampling on the host, as Mask2Former's {@code point_sample} ({@code grid_sample}, bilinear,
 * zero padding, {@code align_corners=False}) and its uncertainty-guided point selection. Stateless
 * and thread-safe (the random source is the caller's, one per thread).
 */
final class PointSampler {

  private PointSampler() {}

  /** Bilinear value of {@code map [h, w]} (row-major from {@code offset}) at (x, y) in [0, 1]. */
  static double sample(float[] map, int offset, int h, int w, double x, double y) {
    double px = x * w - 0.5;
    double py = y * h - 0.5;
    int x0 = (int) Math.floor(px);
    int y0 = (int) Math.floor(py);
    double fx = px - x0;
    double fy = py - y0;
    double sum = 0;
    for (int dy = 0; dy <= 1; dy++) {
      for (int dx = 0; dx <= 1; dx++) {
        int xi = x0 + dx;
        int yi = y0 + dy;
        if (xi >= 0 && xi < w && yi >= 0 && yi < h) {
          double weight = (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy);
          sum += weight * map[offset + yi * w + xi];
        }
      }
    }
    return sum;
  }

  /**
   * The bilinear taps of {@code points} ({@code [n, 2]} (x, y) pairs in [0, 1], flattened) on an
   * {@code h × w} map: four cell indices and weights per point, a tap outside the map weighted 0.
   * Sampling many maps of one size at the same points with {@link #sample(float[], int, Taps)}
   * costs one multiply-add per tap.
   */
  record Taps(int[] cells, double[] weights) {}

  static Taps taps(int h, int w, double[] points) {
    int n = points.length / 2;
    int[] cells = new int[4 * n];
    double[] weights = new double[4 * n];
    for (int p = 0; p < n; p++) {
      double px = points[2 * p] * w - 0.5;
      double py = points[2 * p + 1] * h - 0.5;
      int x0 = (int) Math.floor(px);
      int y0 = (int) Math.floor(py);
      double fx = px - x0;
      double fy = py - y0;
      for (int k = 0; k < 4; k++) {
        int xi = x0 + (k & 1);
        int yi = y0 + (k >> 1);
        boolean inside = xi >= 0 && xi < w && yi >= 0 && yi < h;
        cells[4 * p + k] = inside ? yi * w + xi : 0;
        weights[4 * p + k] =
            inside ? ((k & 1) == 0 ? 1 - fx : fx) * ((k >> 1) == 0 ? 1 - fy : fy) : 0;
      }
    }
    return new Taps(cells, weights);
  }

  /**
   * The values of {@code map} (an {@code h × w} map from {@code offset}) at the points of {@code
   * taps}.
   */
  static double[] sample(float[] map, int offset, Taps taps) {
    int n = taps.cells().length / 4;
    double[] out = new double[n];
    for (int p = 0; p < n; p++) {
      double sum = 0;
      for (int k = 4 * p; k < 4 * p + 4; k++) {
        sum += taps.weights()[k] * map[offset + taps.cells()[k]];
      }
      out[p] = sum;
    }
    return out;
  }

  /** {@code count} uniformly random points as {@code [count, 2]} (x, y) pairs, flattened. */
  static double[] uniform(int count, RandomGenerator random) {
    double[] points = new double[2 * count];
    for (int i = 0; i < points.length; i++) {
      points[i] = random.nextDouble();
    }
    return points;
  }

  /**
   * Mask2Former's {@code get_uncertain_point_coords_with_randomness} for one mask: draws {@code
   * ⌊oversample · count⌋} random candidates, keeps the {@code ⌊importance · count⌋} whose logits
   * are closest to 0 (uncertainty {@code −|logit|}; ties broken by draw order) and fills up with
   * fresh random points. The kept candidates come in draw order (a set, as Mask2Former's top-k is).
   *
   * @param logits the predicted mask logits {@code [h, w]} from {@code offset}
   * @return {@code [count, 2]} (x, y) pairs, flattened
   */
  static double[] importance(
      float[] logits,
      int offset,
      int h,
      int w,
      int count,
      double oversample,
      double importance,
      RandomGenerator random) {
    int candidates = (int) (oversample * count);
    int uncertain = (int) (importance * count);
    double[] pool = uniform(candidates, random);
    double[] certainty = sample(logits, offset, taps(h, w, pool));
    for (int i = 0; i < candidates; i++) {
      certainty[i] = Math.abs(certainty[i]);
    }
    double[] points = new double[2 * count];
    if (uncertain > 0) {
      double threshold = kthSmallest(certainty.clone(), uncertain - 1);
      int below = 0;
      for (double c : certainty) {
        below += c < threshold ? 1 : 0;
      }
      int tiesLeft = uncertain - below;
      int n = 0;
      for (int i = 0; i < candidates && n < uncertain; i++) {
        boolean take = certainty[i] < threshold || (certainty[i] == threshold && tiesLeft-- > 0);
        if (take) {
          points[2 * n] = pool[2 * i];
          points[2 * n + 1] = pool[2 * i + 1];
          n++;
        }
      }
    }
    double[] rest = uniform(count - uncertain, random);
    System.arraycopy(rest, 0, points, 2 * uncertain, rest.length);
    return points;
  }

  /**
   * The {@code k}-th smallest value (0-based) of {@code values}, which it reorders (quickselect).
   */
  static double kthSmallest(double[] values, int k) {
    int lo = 0;
    int hi = values.length - 1;
    while (lo < hi) {
      double pivot = values[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (values[i] < pivot) {
          i++;
        }
        while (values[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = values[i];
          values[i++] = values[j];
          values[j--] = t;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return values[k];
      }
    }
    return values[k];
  }
}
