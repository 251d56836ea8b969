package io.visft.heads.caption;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.LinearResize;
import io.visft.core.nn.ResizeMatrix;

/**
 * PyTorch's {@code adaptive_avg_pool2d} to a fixed output size, as a precomputed separable linear
 * map.
 *
 * <p>Along an axis of {@code in} samples pooled to {@code out}, output {@code i} averages the input
 * samples {@code [floor(i·in/out), ceil((i+1)·in/out))}. Bins may overlap and may be uneven (5 → 3
 * averages samples 0–1, 1–3 and 3–4); with {@code out > in} samples repeat. The mean over a
 * rectangle is the mean over its rows of the mean over its columns, so the 2-D pool is {@code Rh ·
 * x · Rwᵀ} with one {@code [out, in]} averaging matrix per axis, applied by {@link LinearResize}.
 * The maps are graph constants; the gradient is the transposed map. Stateless and thread-safe.
 */
public final class AdaptiveAveragePooling {

  private AdaptiveAveragePooling() {}

  /**
   * The averaging matrix of one axis, {@code [out, in]}; the identity when {@code in == out}.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public static ResizeMatrix axis(int in, int out) {
    checkArgument(in > 0 && out > 0, "pooling sizes must be positive, got %s -> %s", in, out);
    double[] values = new double[Math.multiplyExact(in, out)];
    for (int i = 0; i < out; i++) {
      int start = (int) Math.floorDiv((long) i * in, out);
      int end = (int) -Math.floorDiv(-(i + 1L) * in, out);
      for (int j = start; j < end; j++) {
        values[i * in + j] = 1.0 / (end - start);
      }
    }
    return new ResizeMatrix(out, in, values);
  }

  /**
   * Pools a feature map to {@code grid × grid}.
   *
   * @param x {@code [..., h, w]}
   * @return {@code [..., grid, grid]}; {@code x} itself when it already has that size
   */
  public static Value apply(Ops o, Value x, int grid) {
    int h = Math.toIntExact(x.dim(-2));
    int w = Math.toIntExact(x.dim(-1));
    if (h == grid && w == grid) {
      return x;
    }
    return LinearResize.apply(o, x, axis(h, grid), axis(w, grid));
  }
}
