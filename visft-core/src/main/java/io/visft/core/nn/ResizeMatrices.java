package io.visft.core.nn;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * Builds the exact linear maps of PyTorch's {@code F.interpolate(x, size=(oh, ow), mode=...,
 * align_corners=False)} for bicubic and bilinear modes. Used to resize EVA's learned 16x16 position
 * grid to the patch grid of the actual input. Stateless and thread-safe.
 */
public final class ResizeMatrices {

  private ResizeMatrices() {}

  /**
   * The 1-D map of one axis, {@code [out, in]}; with {@code in == out} it is the identity.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public static ResizeMatrix axis(ResizeMode mode, int in, int out) {
    Preconditions.checkArgument(
        in > 0 && out > 0, "resize sizes must be positive, got %s -> %s", in, out);
    double scale = (double) in / out;
    double[] values = new double[Math.multiplyExact(in, out)];
    double[] row = new double[in];
    for (int dst = 0; dst < out; dst++) {
      Arrays.fill(row, 0);
      mode.addWeights(row, in, (dst + 0.5) * scale - 0.5);
      System.arraycopy(row, 0, values, dst * in, in);
    }
    return new ResizeMatrix(out, in, values);
  }

  /** The 2-D resize {@code [inHeight, inWidth] -> [outHeight, outWidth]} as two axis maps. */
  public static SeparableResize separable(
      ResizeMode mode, int inHeight, int inWidth, int outHeight, int outWidth) {
    return new SeparableResize(axis(mode, inHeight, outHeight), axis(mode, inWidth, outWidth));
  }
}
