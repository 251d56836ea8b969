package io.visft.core.nn;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * DETR's sine position encoding of a padded feature map, normalised (temperature {@value
 * #TEMPERATURE}, scale 2π), as a graph composite.
 *
 * <p>For every unpadded position, {@code y} and {@code x} are the cumulative counts of unpadded
 * positions along the column and the row, divided by the column's (row's) count plus {@code 1e-6}
 * and multiplied by 2π. With {@code F} features per axis and {@code t_k = 10000^(2k/F)}, the
 * features of an axis value {@code v} are {@code [sin(v/t_0), cos(v/t_0), sin(v/t_1), cos(v/t_1),
 * ...]}, and a position's encoding is its {@code y} features followed by its {@code x} features.
 * Cumulative sums are products with constant triangular matrices. The encoding depends on the mask
 * only, so no gradient flows through it.
 */
public final class SinePositionEncoding {

  /** The frequency base. */
  public static final double TEMPERATURE = 10000;

  /** Normalised coordinates span {@code (0, SCALE]}. */
  public static final double SCALE = 2 * Math.PI;

  /** Added to the per-axis count before dividing, as DETR does. */
  static final double EPS = 1e-6;

  private SinePositionEncoding() {}

  /**
   * @param paddingMask BOOL {@code [B, h, w]}, true where a position is padding
   * @param featuresPerAxis {@code F}, even
   * @return F32 {@code [B, h·w, 2F]}, positions in row-major order
   */
  public static Value encode(Ops o, Value paddingMask, int featuresPerAxis) {
    if (paddingMask.dtype() != DType.BOOL || paddingMask.rank() != 3) {
      throw new ShapeException(
          "the padding mask must be BOOL [B, h, w] (true = padding), got " + paddingMask.type());
    }
    if (featuresPerAxis < 2 || featuresPerAxis % 2 != 0) {
      throw new IllegalArgumentException(
          "featuresPerAxis must be even and positive (sine/cosine pairs), got " + featuresPerAxis);
    }
    long b = paddingMask.dim(0);
    int h = (int) paddingMask.dim(1);
    int w = (int) paddingMask.dim(2);
    Value valid = o.cast(o.not(paddingMask), DType.F32);
    Value y = o.matmul(triangular(o, h, true), valid);
    Value x = o.matmul(valid, triangular(o, w, false));
    y = normalise(o, y, o.slice(y, 1, h - 1, h));
    x = normalise(o, x, o.slice(x, 2, w - 1, w));
    Value periods = periods(o, featuresPerAxis);
    Value encoded = o.concat(3, axisFeatures(o, y, periods), axisFeatures(o, x, periods));
    return o.reshape(encoded, b, (long) h * w, 2L * featuresPerAxis);
  }

  /**
   * The encoding of an unpadded {@code h × w} map (Mask2Former's case: no padding mask), as a
   * constant sub-graph ONNX Runtime folds once.
   *
   * @param featuresPerAxis {@code F}, even
   * @return F32 {@code [1, h·w, 2F]}, positions in row-major order
   */
  public static Value unpadded(Ops o, int featuresPerAxis, int h, int w) {
    HostTensor noPadding =
        new HostTensor(
            DType.BOOL,
            new long[] {1, h, w},
            ByteBuffer.allocate(h * w).order(ByteOrder.LITTLE_ENDIAN));
    return encode(o, o.graph().constant(noPadding), featuresPerAxis);
  }

  /** {@code v / (total + eps) · scale}, in DETR's order of operations. */
  private static Value normalise(Ops o, Value cumulative, Value total) {
    Value ratio = o.div(cumulative, o.add(total, o.scalarLike(total, EPS)));
    return o.mul(ratio, o.scalarLike(ratio, SCALE));
  }

  /** {@code [B, h, w] → [B, h, w, F]}: sine and cosine of {@code v / t_k}, interleaved. */
  private static Value axisFeatures(Ops o, Value v, Value periods) {
    Value angles = o.div(o.unsqueeze(v, 3), periods);
    Value pairs = o.concat(4, o.unsqueeze(o.sin(angles), 4), o.unsqueeze(o.cos(angles), 4));
    long[] s = angles.shape();
    return o.reshape(pairs, s[0], s[1], s[2], 2 * s[3]);
  }

  /** {@code [F/2]}: {@code t_k = 10000^(2k/F)}, one per sine/cosine pair. */
  private static Value periods(Ops o, int featuresPerAxis) {
    double[] t = new double[featuresPerAxis / 2];
    for (int k = 0; k < t.length; k++) {
      t[k] = Math.pow(TEMPERATURE, 2.0 * k / featuresPerAxis);
    }
    return o.constantLike(DType.F32, t, t.length);
  }

  /**
   * Ones on and below the diagonal ({@code lower}, a row-cumulative sum from the left) or on and
   * above it (a column-cumulative sum from the right).
   */
  private static Value triangular(Ops o, int n, boolean lower) {
    float[] m = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i * n + j] = (lower ? j <= i : i <= j) ? 1 : 0;
      }
    }
    return o.graph().constant(HostTensor.ofFloats(m, n, n));
  }
}
