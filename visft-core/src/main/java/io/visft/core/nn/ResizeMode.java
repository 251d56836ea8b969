package io.visft.core.nn;

/**
 * The interpolation kernels of PyTorch's {@code F.interpolate(x, size=(oh, ow), mode=...,
 * align_corners=False)}, one axis at a time.
 *
 * <p>Output index {@code dst} of an axis resized from {@code in} to {@code out} samples the input
 * at {@code src = (dst + 0.5) * in / out - 0.5} (half-pixel centres). Each mode says how the input
 * samples around {@code src} are weighted.
 */
public enum ResizeMode {
  /**
   * {@code mode='bicubic'}: Keys cubic convolution with a = -0.75 over the four samples {@code
   * floor(src) - 1 .. floor(src) + 2}; indices outside the axis are clamped to its ends, so their
   * weights pile onto the border samples. {@code src} is not clamped.
   */
  BICUBIC {
    @Override
    void addWeights(double[] row, int in, double src) {
      int base = (int) Math.floor(src);
      double t = src - base;
      double[] weights = {outerTap(t + 1), innerTap(t), innerTap(1 - t), outerTap(2 - t)};
      for (int k = 0; k < weights.length; k++) {
        row[clamp(base - 1 + k, in)] += weights[k];
      }
    }
  },
  /**
   * {@code mode='bilinear'}: the two samples {@code floor(src)} and the next one (the same one at
   * the last sample), weighted by distance; {@code src} is clamped to 0 below.
   */
  BILINEAR {
    @Override
    void addWeights(double[] row, int in, double src) {
      double clamped = Math.max(src, 0);
      int lower = (int) clamped;
      int upper = lower < in - 1 ? lower + 1 : lower;
      double upperWeight = clamped - lower;
      row[lower] += 1 - upperWeight;
      row[upper] += upperWeight;
    }
  };

  /** PyTorch's cubic convolution coefficient. */
  private static final double A = -0.75;

  /**
   * Adds the weights of the input samples read at position {@code src} into {@code row} (one row of
   * an {@code [out, in]} matrix).
   */
  abstract void addWeights(double[] row, int in, double src);

  /** Kernel value for a sample at distance {@code x} in [0, 1]. */
  private static double innerTap(double x) {
    return ((A + 2) * x - (A + 3)) * x * x + 1;
  }

  /** Kernel value for a sample at distance {@code x} in [1, 2]. */
  private static double outerTap(double x) {
    return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  }

  private static int clamp(int index, int in) {
    return Math.min(Math.max(index, 0), in - 1);
  }
}
