package io.visft.core.graph;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The axes a reduce op of the table runs over, read one way by the shape rule, the exporter and the
 * gradient rule: no axes (the default) means every axis, as in ONNX ({@code noop_with_empty_axes} =
 * 0).
 */
public final class ReduceAxes {

  /** The table's reduce ops; all but these read their axes from the {@code axes} attribute. */
  private static final Set<Op> AXES_AS_INPUT = EnumSet.of(Op.REDUCE_SUM);

  private static final Set<Op> AXES_AS_ATTRIBUTE = EnumSet.of(Op.REDUCE_MEAN, Op.REDUCE_MAX);

  private ReduceAxes() {}

  /** True for the table's reduce ops ({@code ReduceSum}, {@code ReduceMean}, {@code ReduceMax}). */
  public static boolean isReduction(Op op) {
    return AXES_AS_INPUT.contains(op) || AXES_AS_ATTRIBUTE.contains(op);
  }

  /** True when {@code op} is a reduction that takes its axes as the {@code axes} attribute. */
  public static boolean takesAxesAttribute(Op op) {
    return AXES_AS_ATTRIBUTE.contains(op);
  }

  /**
   * The explicit axes, ascending in {@code [0, rank)}, that {@code axes} names on an input of rank
   * {@code rank}: negative axes count from the end, and no axes means all of them.
   *
   * @throws IllegalArgumentException for an axis out of range or named twice
   */
  public static long[] resolve(long[] axes, int rank) {
    if (axes.length == 0) {
      return IntStream.range(0, rank).asLongStream().toArray();
    }
    long[] out = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      out[i] = TensorType.normalizeAxis(axes[i], rank);
    }
    Arrays.sort(out);
    for (int i = 1; i < out.length; i++) {
      if (out[i] == out[i - 1]) {
        throw new IllegalArgumentException(
            "axes " + Arrays.toString(axes) + " name axis " + out[i] + " twice");
      }
    }
    return out;
  }

  /** The explicit axes (see {@link #resolve}) that reduce node {@code n} runs over. */
  public static long[] of(Node n) {
    if (!isReduction(n.op())) {
      throw new IllegalArgumentException(n + " is not a reduction");
    }
    long[] declared =
        AXES_AS_INPUT.contains(n.op())
            ? n.input(1).data().orElseThrow().toLongArray()
            : n.attributes().getInts("axes");
    return resolve(declared, n.input(0).rank());
  }
}
