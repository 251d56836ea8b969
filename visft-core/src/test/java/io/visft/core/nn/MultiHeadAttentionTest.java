package io.visft.core.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.GradientCheck;
import io.visft.core.autodiff.GradientCheck.InputSpec;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The masking convention of {@link MultiHeadAttention} and the gradients of the layers built on
 * {@link Linear}.
 */
class MultiHeadAttentionTest {

  private static final int QUERIES = 3;
  private static final int KEYS = 4;
  private static final int HEAD_DIM = 2;

  /** Query 0 sees every key, query 1 all but keys 1 and 2, query 2 none. */
  private static final boolean[][] MASKED = {
    {false, false, false, false}, {false, true, true, false}, {true, true, true, true}
  };

  /**
   * A masked key gets weight 0, as with PyTorch's {@code −∞}; a query that sees no key averages
   * every value (finite, where PyTorch's {@code −∞} gives NaN).
   */
  @Test
  void maskedKeysGetNoWeightAndBlindQueriesAverage() {
    Random random = new Random(14);
    float[] q = randoms(random, QUERIES * HEAD_DIM);
    float[] k = randoms(random, KEYS * HEAD_DIM);
    float[] v = randoms(random, KEYS * HEAD_DIM);
    ByteBuffer maskBytes = ByteBuffer.allocate(QUERIES * KEYS);
    for (int i = 0; i < QUERIES; i++) {
      for (int j = 0; j < KEYS; j++) {
        maskBytes.put(i * KEYS + j, (byte) (MASKED[i][j] ? 1 : 0));
      }
    }
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value out =
        MultiHeadAttention.attend(
            o,
            g.input("q", DType.F32, 1, 1, QUERIES, HEAD_DIM),
            g.input("k", DType.F32, 1, 1, KEYS, HEAD_DIM),
            g.input("v", DType.F32, 1, 1, KEYS, HEAD_DIM),
            MultiHeadAttention.perQuery(o, g.input("mask", DType.BOOL, 1, QUERIES, KEYS)),
            UnaryOperator.identity());
    float[] got =
        Evaluate.run(
                g,
                Map.of("out", out),
                Map.of(
                    "q", HostTensor.ofFloats(q, 1, 1, QUERIES, HEAD_DIM),
                    "k", HostTensor.ofFloats(k, 1, 1, KEYS, HEAD_DIM),
                    "v", HostTensor.ofFloats(v, 1, 1, KEYS, HEAD_DIM),
                    "mask", new HostTensor(DType.BOOL, new long[] {1, QUERIES, KEYS}, maskBytes)))
            .get("out")
            .toFloatArray();
    float[] want = reference(q, k, v);
    double diff = Evaluate.maxAbsDiff(got, want);
    assertTrue(diff < 1e-6, "max |diff| " + diff);
  }

  @Test
  void attentionWithKeyPaddingMatchesCentralDifferences() {
    qt().withExamples(10)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              GradientCheck.assertVjpMatches(
                  "multiHeadAttention",
                  DType.F64,
                  List.of(
                      InputSpec.of(2, 3, 4),
                      InputSpec.of(2, 5, 4),
                      InputSpec.of(2, 5, 4),
                      InputSpec.of(12, 4),
                      InputSpec.of(12),
                      InputSpec.of(4, 4),
                      InputSpec.of(4)),
                  (o, x) -> {
                    ByteBuffer padding = ByteBuffer.allocate(10);
                    padding.put(8, (byte) 1).put(9, (byte) 1);
                    Value mask =
                        o.graph().constant(new HostTensor(DType.BOOL, new long[] {2, 5}, padding));
                    MultiHeadAttention.Weights w =
                        new MultiHeadAttention.Weights(x.get(3), x.get(4), x.get(5), x.get(6));
                    return List.of(
                        MultiHeadAttention.apply(
                            o,
                            2,
                            w,
                            x.get(0),
                            x.get(1),
                            x.get(2),
                            MultiHeadAttention.keyPadding(o, mask),
                            UnaryOperator.identity()));
                  },
                  seed);
            });
  }

  @Test
  void feedForwardOnTokensMatchesCentralDifferences() {
    qt().withExamples(10)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              GradientCheck.assertVjpMatches(
                  "feedForward",
                  DType.F64,
                  List.of(
                      InputSpec.of(2, 3, 4),
                      InputSpec.of(6, 4),
                      InputSpec.of(6),
                      InputSpec.of(4, 6),
                      InputSpec.of(4)),
                  (o, x) ->
                      List.of(
                          new FeedForward(x.get(1), x.get(2), x.get(3), x.get(4))
                              .apply(o, x.get(0), o::tanh)),
                  seed);
            });
  }

  @Test
  void refusesAWidthThatTheHeadsDoNotDivide() {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("x", DType.F32, 1, 2, 6);
    MultiHeadAttention.Weights w =
        new MultiHeadAttention.Weights(
            g.input("w", DType.F32, 18, 6),
            g.input("b", DType.F32, 18),
            g.input("ow", DType.F32, 6, 6),
            g.input("ob", DType.F32, 6));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MultiHeadAttention.apply(o, 4, w, x, x, x, null, UnaryOperator.identity()));
    assertTrue(e.getMessage().contains("width 6 is not divisible by 4 heads"), e.getMessage());
  }

  /** Softmax attention in double precision over the visible keys, the plain mean where none is. */
  private static float[] reference(float[] q, float[] k, float[] v) {
    float[] out = new float[QUERIES * HEAD_DIM];
    for (int i = 0; i < QUERIES; i++) {
      double[] weights = new double[KEYS];
      double max = Double.NEGATIVE_INFINITY;
      boolean blind = true;
      for (int j = 0; j < KEYS; j++) {
        blind &= MASKED[i][j];
      }
      for (int j = 0; j < KEYS; j++) {
        double s = 0;
        for (int c = 0; c < HEAD_DIM; c++) {
          s += (double) q[i * HEAD_DIM + c] * k[j * HEAD_DIM + c];
        }
        weights[j] = blind ? 0 : MASKED[i][j] ? Double.NEGATIVE_INFINITY : s / Math.sqrt(HEAD_DIM);
        max = Math.max(max, weights[j]);
      }
      double total = 0;
      for (int j = 0; j < KEYS; j++) {
        weights[j] = Math.exp(weights[j] - max);
        total += weights[j];
      }
      for (int c = 0; c < HEAD_DIM; c++) {
        double sum = 0;
        for (int j = 0; j < KEYS; j++) {
          sum += weights[j] / total * v[j * HEAD_DIM + c];
        }
        out[i * HEAD_DIM + c] = (float) sum;
      }
    }
    return out;
  }

  private static float[] randoms(Random random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
