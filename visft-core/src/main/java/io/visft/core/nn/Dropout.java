package io.visft.core.nn;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.Arrays;

/**
 * Inverted dropout whose mask is a pure function of a seed fed as a graph input, so every training
 * step can draw a fresh mask without rebuilding the session, and a resumed run reproduces it.
 *
 * <p>The mask comes from a counter-based hash of (element index, seed, salt) computed with I64 ops:
 * two rounds of squaring modulo the prime 2³¹−1. Distinct {@code salt}s give independent masks for
 * the dropout sites of one graph.
 */
public final class Dropout {
  private static final long PRIME = 2147483647L;
  private static final long MIX = 48271L;

  private Dropout() {}

  /**
   * @param x any shape
   * @param p drop probability in [0, 1)
   * @param seed I64 scalar graph input; any value
   * @param salt distinguishes dropout sites sharing a seed
   * @return x with elements zeroed with probability p and the rest scaled by 1/(1−p)
   */
  public static Value apply(Ops o, Value x, double p, Value seed, long salt) {
    if (p < 0 || p >= 1) {
      throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
    }
    if (p == 0) {
      return x;
    }
    Value keep =
        o.cast(
            o.not(
                o.less(
                    uniform(o, seed, salt, x.shape()),
                    o.constantLike(DType.F32, new double[] {p}))),
            x.dtype());
    return o.mul(x, o.mul(keep, o.scalarLike(x, 1 / (1 - p))));
  }

  /**
   * Uniform values in [0, 1) of the given shape, a function of (row-major flat index, seed, salt).
   */
  public static Value uniform(Ops o, Value seed, long salt, long... shape) {
    Value index = flatIndex(o, shape);
    Value prime = o.longs(PRIME);
    Value s =
        o.mod(o.add(o.mod(seed, prime), o.longs(Math.floorMod(salt * 7919L + 1, PRIME))), prime);
    Value h = o.mod(o.add(o.mul(o.add(index, o.longs(1)), o.longs(MIX)), s), prime);
    h = o.mod(o.add(o.mul(h, h), o.longs(12345)), prime);
    h = o.mod(o.add(o.mul(h, h), s), prime);
    return o.div(o.cast(h, DType.F32), o.constantLike(DType.F32, new double[] {PRIME}));
  }

  /**
   * The row-major flat index of every element of {@code shape}, as a sum of one scaled range per
   * axis broadcast against the others, so the model holds constants of the axis lengths only (a
   * constant of the full size would grow with the tensor, e.g. attention weights, and push models
   * past protobuf's 2 GB limit).
   */
  private static Value flatIndex(Ops o, long[] shape) {
    if (shape.length == 0) {
      return o.graph().constant(HostTensor.ofLongs(new long[] {0}));
    }
    Value index = null;
    long stride = 1;
    for (int axis = shape.length - 1; axis >= 0; axis--) {
      long[] range = new long[Math.toIntExact(shape[axis])];
      for (int i = 0; i < range.length; i++) {
        range[i] = i * stride;
      }
      long[] axisShape = new long[shape.length];
      Arrays.fill(axisShape, 1);
      axisShape[axis] = shape[axis];
      Value term = o.graph().constant(HostTensor.ofLongs(range, axisShape));
      index = index == null ? term : o.add(term, index);
      stride = Math.multiplyExact(stride, shape[axis]);
    }
    return index;
  }
}
