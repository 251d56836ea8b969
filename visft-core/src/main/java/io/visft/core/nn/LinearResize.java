package io.visft.core.nn;

import io.visft.api.HostTensor;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/**
 * Fixed-size resizing (bilinear, bicubic) as a precomputed separable linear map: for an input
 * {@code [..., H, W]}, {@code out = Rh · x · Rwᵀ} with {@code Rh [oh, H]} and {@code Rw [ow, W]}
 * from {@link ResizeMatrices}. The maps are constants, so the gradient is the transposed map.
 */
public final class LinearResize {
  private LinearResize() {}

  /**
   * @param rows the map along H, {@code [oh, H]}
   * @param cols the map along W, {@code [ow, W]}
   * @return {@code [..., oh, ow]}
   */
  public static Value apply(Ops o, Value x, ResizeMatrix rows, ResizeMatrix cols) {
    long h = x.dim(-2);
    long w = x.dim(-1);
    if (rows.cols() != h || cols.cols() != w) {
      throw new IllegalArgumentException(
          "resize maps ["
              + rows.rows()
              + ", "
              + rows.cols()
              + "] and ["
              + cols.rows()
              + ", "
              + cols.cols()
              + "] do not fit an input of "
              + h
              + "x"
              + w);
    }
    Value rh = o.cast(o.graph().constant(rows.toTensorF32()), x.dtype());
    Value rwT = o.cast(o.graph().constant(transposed(cols)), x.dtype());
    return o.matmul(o.matmul(rh, x), rwT);
  }

  private static HostTensor transposed(ResizeMatrix m) {
    float[] t = new float[m.rows() * m.cols()];
    for (int i = 0; i < m.rows(); i++) {
      for (int j = 0; j < m.cols(); j++) {
        t[j * m.rows() + i] = (float) m.get(i, j);
      }
    }
    return HostTensor.ofFloats(t, m.cols(), m.rows());
  }
}
