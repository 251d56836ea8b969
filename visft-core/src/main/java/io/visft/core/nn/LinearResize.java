package io.visft.core.nn;

import io.visft.api.HostTensor;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/**
 * Fixed-size resizing (bilinear, bicubic) as a precomputed separable linear map: for an input
 * {@code [..., H, W]}, {@code out = Rh · x · Rwᵀ} with {@code Rh [oh, H]} and {@code Rw [ow, W]}.
 * The maps come from {@code io.visft.core.vit.resize}; being constants, the gradient is the
 * transpose map.
 */
public final class LinearResize {
  private LinearResize() {}

  /**
   * @param rows row map {@code [oh * h]}, row-major {@code [oh, h]}
   * @param cols column map, row-major {@code [ow, w]}
   * @return {@code [..., oh, ow]}
   */
  public static Value apply(Ops o, Value x, float[] rows, int oh, float[] cols, int ow) {
    long h = x.dim(-2);
    long w = x.dim(-1);
    if (rows.length != oh * h || cols.length != ow * w) {
      throw new IllegalArgumentException("resize maps must be [" + oh + ", " + h + "] and [" + ow + ", " + w + "]");
    }
    Value rh = o.cast(o.graph().constant(HostTensor.ofFloats(rows, oh, h)), x.dtype());
    Value rwT = o.cast(o.graph().constant(HostTensor.ofFloats(transpose(cols, ow, (int) w), w, ow)), x.dtype());
    return o.matmul(o.matmul(rh, x), rwT);
  }

  private static float[] transpose(float[] m, int r, int c) {
    float[] t = new float[m.length];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        t[j * r + i] = m[i * c + j];
      }
    }
    return t;
  }
}
