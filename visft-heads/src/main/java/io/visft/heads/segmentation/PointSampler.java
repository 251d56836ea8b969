package io.visft.heads.segmentation;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Point sampling on the host, as Mask2Former's {@code point_sample} ({@code grid_sample}, bilinear,
 * zero padding, {@code align_corners=False}) and its uncertainty-guided point selection. Stateless
 * and thread-safe (the random source is the caller's, one per thread).
 */
final class PointSampler {

  private PointSampler() {}

  /**
   * Bilinear value of {@code map [h, w]} (row-major from {@code offset}) at (x, y) in [0, 1].
   */
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
   * ⌊oversample · count⌋} random candidates, keeps the {@code ⌊importance · count⌋} whose logits are
   * closest to 0 (uncertainty {@code −|logit|}; ties broken by draw order) and fills up with fresh
   * random points. The kept candidates come in draw order (a set, as Mask2Former's top-k is).
   *
   * @param logits the predicted mask logits {@code [h, w]} from {@code offset}
   * @return {@code [count, 2]} (x, y) pairs, flattened
   */
  static double[] importance(float[] logits, int offset, int h, int w, int count, double oversample,
      double importance, RandomGenerator random) {
    int candidates = (int) (oversample * count);
    int uncertain = (int) (importance * count);
    double[] pool = uniform(candidates, random);
    double[] certainty = new double[candidates];
    for (int i = 0; i < candidates; i++) {
      certainty[i] = Math.abs(sample(logits, offset, h, w, pool[2 * i], pool[2 * i + 1]));
    }
    double[] points = new double[2 * count];
    if (uncertain > 0) {
      double[] sorted = certainty.clone();
      Arrays.sort(sorted);
      double threshold = sorted[uncertain - 1];
      int below = 0;
      while (below < uncertain && sorted[below] < threshold) {
        below++;
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
}
