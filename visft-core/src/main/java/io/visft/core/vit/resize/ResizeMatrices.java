package io.visft.core.vit.resize;

/**
 * The linear maps PyTorch's {@code F.interpolate(..., align_corners=False)} applies along one axis,
 * as dense row-major {@code [out, in]} matrices: a 2-D resize is {@code Rh · X · Rwᵀ}.
 */
public final class ResizeMatrices {
  /** The cubic convolution coefficient PyTorch uses. */
  private static final double A = -0.75;

  private ResizeMatrices() {}

  /** Bicubic ({@code mode='bicubic'}): 4 taps, a = −0.75, source indices clamped to the border. */
  public static float[] bicubic(int in, int out) {
    check(in, out);
    float[] m = new float[out * in];
    double scale = (double) in / out;
    for (int o = 0; o < out; o++) {
      double src = (o + 0.5) * scale - 0.5;
      int base = (int) Math.floor(src);
      double t = src - base;
      double[] w = {cubicFar(t + 1), cubicNear(t), cubicNear(1 - t), cubicFar(2 - t)};
      for (int k = 0; k < 4; k++) {
        int idx = Math.min(Math.max(base - 1 + k, 0), in - 1);
        m[o * in + idx] += (float) w[k];
      }
    }
    return m;
  }

  /** Bilinear ({@code mode='bilinear'}): source index clamped at 0 below, as PyTorch does. */
  public static float[] bilinear(int in, int out) {
    check(in, out);
    float[] m = new float[out * in];
    double scale = (double) in / out;
    for (int o = 0; o < out; o++) {
      double src = Math.max((o + 0.5) * scale - 0.5, 0);
      int i0 = Math.min((int) Math.floor(src), in - 1);
      int i1 = Math.min(i0 + 1, in - 1);
      double t = src - i0;
      m[o * in + i0] += (float) (1 - t);
      m[o * in + i1] += (float) t;
    }
    return m;
  }

  /** |x| ≤ 1 branch of the cubic convolution kernel. */
  private static double cubicNear(double x) {
    return ((A + 2) * x - (A + 3)) * x * x + 1;
  }

  /** 1 < |x| < 2 branch. */
  private static double cubicFar(double x) {
    return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  }

  private static void check(int in, int out) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("resize sizes must be positive, got " + in + " -> " + out);
    }
  }
}
