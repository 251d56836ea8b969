package io.visft.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.visft.api.DType;
import io.visft.core.autodiff.GradientCheck.InputSpec;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Op;
import io.visft.core.graph.Ops;
import io.visft.core.graph.ReduceAxes;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reduce op of the table called without axes reduces over all axes, and the shape rule, the
 * exported model run by ONNX Runtime and the gradient rule agree on that, also after layout ops
 * (ONNX Runtime's transpose optimizer pushes a Transpose through the reduction and once failed on
 * an empty {@code axes} attribute: "Permutation length 4 does not match rank 0").
 */
class DefaultReduceAxesTest {

  /** The reduction a reduce op computes over all elements, as the Java reference. */
  private enum Reference {
    SUM,
    MEAN,
    MAX
  }

  private interface DefaultReduce {
    Value apply(Ops o, Value x, boolean keepDims);
  }

  private record ReduceOp(DefaultReduce build, Reference reference) {}

  private static final Map<Op, ReduceOp> REDUCE_OPS = new EnumMap<>(Op.class);

  static {
    REDUCE_OPS.put(
        Op.REDUCE_SUM, new ReduceOp((o, x, keep) -> o.reduceSum(x, keep), Reference.SUM));
    REDUCE_OPS.put(
        Op.REDUCE_MEAN, new ReduceOp((o, x, keep) -> o.reduceMean(x, keep), Reference.MEAN));
    REDUCE_OPS.put(
        Op.REDUCE_MAX, new ReduceOp((o, x, keep) -> o.reduceMax(x, keep), Reference.MAX));
  }

  /** The layout op put between the input {@code [a, b, c, d]} and the reduction. */
  enum Layout {
    TRANSPOSE,
    RESHAPE,
    TRANSPOSE_THEN_RESHAPE;

    Value apply(Ops o, Value x, Random r) {
      long[] s = x.shape();
      return switch (this) {
        case TRANSPOSE -> o.transpose(x, shuffled(r, s.length));
        case RESHAPE -> o.reshape(x, s[0] * s[1], s[2], s[3]);
        case TRANSPOSE_THEN_RESHAPE -> {
          Value t = o.transpose(x, shuffled(r, s.length));
          yield o.reshape(t, -1, t.shape()[3]);
        }
      };
    }
  }

  private static long[] shuffled(Random r, int n) {
    List<Long> perm = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      perm.add(i);
    }
    while (isIdentity(perm)) {
      Collections.shuffle(perm, r);
    }
    return perm.stream().mapToLong(Long::longValue).toArray();
  }

  private static boolean isIdentity(List<Long> perm) {
    for (int i = 0; i < perm.size(); i++) {
      if (perm.get(i) != i) {
        return false;
      }
    }
    return true;
  }

  private static long[] shape(Random r) {
    return new long[] {1 + r.nextInt(2), 2 + r.nextInt(3), 2 + r.nextInt(3), 2 + r.nextInt(3)};
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Op op : REDUCE_OPS.keySet()) {
      for (Layout layout : Layout.values()) {
        for (boolean keep : new boolean[] {false, true}) {
          for (long seed = 1; seed <= 3; seed++) {
            cases.add(Arguments.of(op, layout, keep, seed));
          }
        }
      }
    }
    return cases.stream();
  }

  @Test
  void everyReduceOpOfTheTableIsCovered() {
    List<Op> reduceOps =
        Arrays.stream(Op.values()).filter(op -> op.onnxName().startsWith("Reduce")).toList();
    assertEquals(
        reduceOps,
        List.copyOf(REDUCE_OPS.keySet()),
        "reduce ops of the table and the ops this test covers");
    assertEquals(
        reduceOps,
        Arrays.stream(Op.values()).filter(ReduceAxes::isReduction).toList(),
        "reduce ops of the table and the ops ReduceAxes reads");
  }

  @ParameterizedTest(name = "{0} after {1}, keepdims {2}, seed {3}")
  @MethodSource("cases")
  void defaultAxesReduceEverythingInTheShapeRuleAndOnOnnxRuntime(
      Op op, Layout layout, boolean keep, long seed) {
    Random r = new Random(seed);
    long[] shape = shape(r);
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("x", DType.F32, shape);
    Value f = layout.apply(o, x, r);
    Value y = REDUCE_OPS.get(op).build().apply(o, o.mul(f, f), keep);
    long[] expectedShape = new long[keep ? f.rank() : 0];
    Arrays.fill(expectedShape, 1);
    assertArrayEquals(expectedShape, y.shape(), "shape of " + op.onnxName() + " without axes");

    double[] values = new double[(int) x.type().numel()];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.nextGaussian();
    }
    double expected = reference(REDUCE_OPS.get(op).reference(), values);
    try (GraphSession s =
        GraphSession.create(
            OnnxExporter.export(g, Map.of("y", y), Map.of()), RuntimeOptions.cpu())) {
      s.setInput("x", GradientCheck.tensor(DType.F32, values, shape));
      s.run();
      ByteBuffer out = s.outputBytes("y");
      assertEquals(4, out.remaining(), "one float out");
      assertEquals(expected, out.getFloat(0), 1e-5 * Math.max(1, Math.abs(expected)));
    }
  }

  @ParameterizedTest(name = "{0} after {1}, keepdims {2}, seed {3}")
  @MethodSource("cases")
  void defaultAxesGradientMatchesCentralDifferences(Op op, Layout layout, boolean keep, long seed) {
    Random r = new Random(seed);
    long[] shape = shape(r);
    GradientCheck.assertVjpMatches(
        op.onnxName() + " after " + layout,
        DType.F64,
        List.of(InputSpec.of(shape)),
        (o, xs) ->
            List.of(REDUCE_OPS.get(op).build().apply(o, layout.apply(o, xs.get(0), r), keep)),
        seed);
  }

  /** The reduction of the squares of {@code x} over all elements, in double precision. */
  private static double reference(Reference kind, double[] x) {
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      sum += v * v;
      max = Math.max(max, v * v);
    }
    return switch (kind) {
      case SUM -> sum;
      case MEAN -> sum / x.length;
      case MAX -> max;
    };
  }
}
