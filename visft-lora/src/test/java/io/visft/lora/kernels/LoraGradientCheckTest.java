package io.visft.lora.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The backward kernel is the adjoint of the forward map: for random {@code u} and {@code v}, {@code
 * <v, J u>} by central differences of the float64 delta equals {@code <J^T v, u>} from the CPU
 * kernel, per input and for all inputs together, on tiny shapes.
 */
class LoraGradientCheckTest {

  private static final double STEP = 1e-4;
  private static final CpuLoraKernels KERNELS = new CpuLoraKernels(2);

  @AfterAll
  static void closeKernels() {
    KERNELS.close();
  }

  /** A tiny LoRA delta over {@code rows} rows, values from {@code seed}. */
  record Case(int rows, int in, int out, int rank, long seed) {}

  @Test
  void backwardIsTheAdjointOfTheForwardDelta() {
    qt().withExamples(60)
        .forAll(
            integers()
                .between(1, 5)
                .zip(
                    integers().between(1, 6),
                    integers().between(1, 6),
                    integers().between(1, 3),
                    longs().all(),
                    Case::new))
        .checkAssert(
            c -> {
              int rows = c.rows();
              int in = c.in();
              int out = c.out();
              int rank = c.rank();
              LoraShape shape = new LoraShape(in, out, rank);
              RandomMatrices random = new RandomMatrices(c.seed());
              float[] x = random.floats(rows * in);
              float[] a = random.floats(rank * in);
              float[] b = random.floats(out * rank);
              float scale = random.scale();
              float[] v = random.floats(rows * out);
              float[] ux = random.floats(x.length);
              float[] ua = random.floats(a.length);
              float[] ub = random.floats(b.length);
              float[] noX = new float[x.length];
              float[] noA = new float[a.length];
              float[] noB = new float[b.length];

              LoraGradients adjoint = KERNELS.deltaBackward(shape, rows, x, a, b, scale, v);

              checkDirection("X", shape, rows, x, a, b, scale, v, ux, noA, noB, adjoint);
              checkDirection("A", shape, rows, x, a, b, scale, v, noX, ua, noB, adjoint);
              checkDirection("B", shape, rows, x, a, b, scale, v, noX, noA, ub, adjoint);
              checkDirection("X, A and B", shape, rows, x, a, b, scale, v, ux, ua, ub, adjoint);
            });
  }

  private static void checkDirection(
      String what,
      LoraShape shape,
      int rows,
      float[] x,
      float[] a,
      float[] b,
      float scale,
      float[] v,
      float[] ux,
      float[] ua,
      float[] ub,
      LoraGradients adjoint) {
    double plus =
        pairing(shape, rows, moved(x, ux, STEP), moved(a, ua, STEP), moved(b, ub, STEP), scale, v);
    double minus =
        pairing(
            shape, rows, moved(x, ux, -STEP), moved(a, ua, -STEP), moved(b, ub, -STEP), scale, v);
    double directional = (plus - minus) / (2 * STEP);
    double[] terms = {0, 0};
    addPairing(adjoint.dX(), ux, terms);
    addPairing(adjoint.dA(), ua, terms);
    addPairing(adjoint.dB(), ub, terms);
    // The kernel runs in float32: allow float rounding of the summed terms, far below any wrong
    // rule.
    double bound = 1e-4 * terms[1] + 1e-8;
    assertTrue(
        Math.abs(directional - terms[0]) <= bound,
        "direction "
            + what
            + ": <v, J u> = "
            + directional
            + " by central differences, <J^T v, u> = "
            + terms[0]);
  }

  /** {@code <v, s (X A^T) B^T>} in float64. */
  private static double pairing(
      LoraShape shape, int rows, double[] x, double[] a, double[] b, float scale, float[] v) {
    int in = shape.inFeatures();
    int out = shape.outFeatures();
    int rank = shape.rank();
    double sum = 0;
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < rank; k++) {
        double t = 0;
        for (int j = 0; j < in; j++) {
          t += x[i * in + j] * a[k * in + j];
        }
        for (int o = 0; o < out; o++) {
          sum += v[i * out + o] * scale * t * b[o * rank + k];
        }
      }
    }
    return sum;
  }

  private static double[] moved(float[] base, float[] direction, double step) {
    double[] out = new double[base.length];
    for (int i = 0; i < base.length; i++) {
      out[i] = base[i] + step * direction[i];
    }
    return out;
  }

  private static void addPairing(float[] gradient, float[] direction, double[] terms) {
    for (int i = 0; i < gradient.length; i++) {
      double term = (double) gradient[i] * direction[i];
      terms[0] += term;
      terms[1] += Math.abs(term);
    }
  }
}
