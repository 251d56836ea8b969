package io.visft.core.nn;

import com.google.common.base.Preconditions;

/**
 * A 2-D resize as two 1-D maps: {@code out[y, x] = sum_{i, j} rowMap[y, i] * colMap[x, j] * in[i,
 * j]}, which is how PyTorch's bicubic and bilinear {@code F.interpolate} act on each channel.
 * Immutable and thread-safe.
 *
 * @param rowMap the height map, {@code [outHeight, inHeight]}
 * @param colMap the width map, {@code [outWidth, inWidth]}
 */
public record SeparableResize(ResizeMatrix rowMap, ResizeMatrix colMap) {

  /** Input height. */
  public int inHeight() {
    return rowMap.cols();
  }

  /** Input width. */
  public int inWidth() {
    return colMap.cols();
  }

  /** Output height. */
  public int outHeight() {
    return rowMap.rows();
  }

  /** Output width. */
  public int outWidth() {
    return colMap.rows();
  }

  /**
   * The whole map on row-major flattened grids, {@code [outHeight*outWidth, inHeight*inWidth]}:
   * entry {@code (y*outWidth + x, i*inWidth + j) = rowMap[y, i] * colMap[x, j]} (a Kronecker
   * product). It grows as the square of the grid: 16x16 to 64x64 is already 1M entries.
   */
  public ResizeMatrix kronecker() {
    int outCells = outHeight() * outWidth();
    int inCells = inHeight() * inWidth();
    double[] full = new double[Math.multiplyExact(outCells, inCells)];
    for (int y = 0; y < outHeight(); y++) {
      for (int x = 0; x < outWidth(); x++) {
        int row = (y * outWidth() + x) * inCells;
        for (int i = 0; i < inHeight(); i++) {
          double wy = rowMap.get(y, i);
          for (int j = 0; j < inWidth(); j++) {
            full[row + i * inWidth() + j] = wy * colMap.get(x, j);
          }
        }
      }
    }
    return new ResizeMatrix(outCells, inCells, full);
  }

  /**
   * Resizes a channel-last grid, such as a position embedding without its cls slot.
   *
   * @param grid {@code [inHeight, inWidth, channels]}, row-major
   * @return {@code [outHeight, outWidth, channels]}, row-major (a new array)
   */
  public double[] apply(double[] grid, int channels) {
    Preconditions.checkArgument(channels > 0, "channels must be positive, got %s", channels);
    Preconditions.checkArgument(
        grid.length == (long) inHeight() * inWidth() * channels,
        "grid holds %s values, expected [%s, %s, %s] = %s",
        grid.length,
        inHeight(),
        inWidth(),
        channels,
        (long) inHeight() * inWidth() * channels);
    double[] rowsResized = new double[outHeight() * inWidth() * channels];
    for (int y = 0; y < outHeight(); y++) {
      for (int i = 0; i < inHeight(); i++) {
        addScaled(
            rowsResized,
            y * inWidth() * channels,
            grid,
            i * inWidth() * channels,
            inWidth() * channels,
            rowMap.get(y, i));
      }
    }
    double[] out = new double[outHeight() * outWidth() * channels];
    for (int y = 0; y < outHeight(); y++) {
      for (int x = 0; x < outWidth(); x++) {
        for (int j = 0; j < inWidth(); j++) {
          addScaled(
              out,
              (y * outWidth() + x) * channels,
              rowsResized,
              (y * inWidth() + j) * channels,
              channels,
              colMap.get(x, j));
        }
      }
    }
    return out;
  }

  /** {@link #apply(double[], int)} for floats; the sums are accumulated in double precision. */
  public float[] apply(float[] grid, int channels) {
    double[] wide = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      wide[i] = grid[i];
    }
    double[] resized = apply(wide, channels);
    float[] out = new float[resized.length];
    for (int i = 0; i < resized.length; i++) {
      out[i] = (float) resized[i];
    }
    return out;
  }

  private static void addScaled(
      double[] target,
      int targetOffset,
      double[] source,
      int sourceOffset,
      int length,
      double weight) {
    if (weight == 0) {
      return;
    }
    for (int k = 0; k < length; k++) {
      target[targetOffset + k] += weight * source[sourceOffset + k];
    }
  }
}
