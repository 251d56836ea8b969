package io.visft.core.autodiff;

import static org.quicktheories.generators.SourceDSL.integers;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.GradientCheck.InputSpec;
import io.visft.core.graph.Op;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/**
 * One randomised gradient-check case per differentiable op of the table. The gradient property test
 * fails for any op marked {@code RULE} that has no entry here. QuickTheories makes every choice of
 * a case (sizes, axes, flags, indices), so a failing case shrinks towards small shapes.
 */
final class OpSamples {

  /** The choices a case makes; each is a QuickTheories draw that shrinks towards 0. */
  @FunctionalInterface
  interface Draws {
    /** A uniform integer in {@code [0, bound)}. */
    int nextInt(int bound);

    default boolean nextBoolean() {
      return nextInt(2) == 1;
    }
  }

  /**
   * @param dtype the precision the op is checked in (F64 unless ONNX Runtime lacks a double kernel)
   * @param inputs differentiable inputs
   * @param body builds the op over the inputs and returns the outputs to differentiate
   * @param check the finite-difference step and tolerance ({@link GradientCheck.Tolerance#of} the
   *     dtype unless the op rounds internally)
   */
  record Sample(
      DType dtype,
      List<InputSpec> inputs,
      BiFunction<Ops, List<Value>, List<Value>> body,
      GradientCheck.Tolerance check) {
    Sample(DType dtype, List<InputSpec> inputs, BiFunction<Ops, List<Value>, List<Value>> body) {
      this(dtype, inputs, body, GradientCheck.Tolerance.of(dtype));
    }

    @Override
    public String toString() {
      return dtype + " " + inputs;
    }
  }

  static final Map<Op, Function<Draws, Sample>> SAMPLES = new EnumMap<>(Op.class);

  /** The cases of {@code op}, drawn by QuickTheories. */
  static Gen<Sample> samples(Op op) {
    Function<Draws, Sample> sample = SAMPLES.get(op);
    return in -> sample.apply(bound -> integers().between(0, bound - 1).generate(in));
  }

  private static void put(Op op, Function<Draws, Sample> f) {
    SAMPLES.put(op, f);
  }

  private static long d(Draws r) {
    return 1 + r.nextInt(4);
  }

  private static Sample f64(List<InputSpec> in, BiFunction<Ops, List<Value>, Value> body) {
    return new Sample(DType.F64, in, (o, x) -> List.of(body.apply(o, x)));
  }

  private static Sample f32(List<InputSpec> in, BiFunction<Ops, List<Value>, Value> body) {
    return new Sample(DType.F32, in, (o, x) -> List.of(body.apply(o, x)));
  }

  /** A broadcasting pair: a [p, q, s], b [q or 1, s]. */
  private static List<InputSpec> pair(Draws r, double lo, double hi) {
    long p = d(r);
    long q = d(r);
    long s = d(r);
    return List.of(
        InputSpec.range(lo, hi, p, q, s), InputSpec.range(lo, hi, r.nextBoolean() ? q : 1, s));
  }

  private static List<InputSpec> one(Draws r, double lo, double hi) {
    return List.of(InputSpec.range(lo, hi, d(r), d(r) + 1));
  }

  private static Value indices(Ops o, long[] values, long... shape) {
    return o.graph().constant(HostTensor.ofLongs(values, shape));
  }

  private static long[] randomIndices(Draws r, int count, long bound) {
    long[] v = new long[count];
    for (int i = 0; i < count; i++) {
      v[i] = r.nextInt((int) bound);
    }
    return v;
  }

  /** A Fisher-Yates shuffle of {@code 0 .. n-1}. */
  private static long[] permutation(Draws r, int n) {
    long[] p = new long[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      long t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static {
    put(Op.ADD, r -> f64(pair(r, -1, 1), (o, x) -> o.add(x.get(0), x.get(1))));
    put(Op.SUB, r -> f64(pair(r, -1, 1), (o, x) -> o.sub(x.get(0), x.get(1))));
    put(Op.MUL, r -> f64(pair(r, -1, 1), (o, x) -> o.mul(x.get(0), x.get(1))));
    put(Op.DIV, r -> f64(pair(r, 0.5, 2), (o, x) -> o.div(x.get(0), x.get(1))));
    put(Op.POW, r -> f64(pair(r, 0.5, 2), (o, x) -> o.pow(x.get(0), x.get(1))));
    put(Op.MIN, r -> f64(pair(r, -1, 1), (o, x) -> o.min(x.get(0), x.get(1))));
    put(Op.MAX, r -> f64(pair(r, -1, 1), (o, x) -> o.max(x.get(0), x.get(1))));
    put(Op.NEG, r -> f64(one(r, -1, 1), (o, x) -> o.neg(x.get(0))));
    put(
        Op.ABS,
        r -> f64(one(r, 0.2, 1), (o, x) -> o.abs(o.sub(x.get(0), o.scalarLike(x.get(0), 0.6)))));
    put(Op.SQRT, r -> f64(one(r, 0.5, 2), (o, x) -> o.sqrt(x.get(0))));
    put(Op.EXP, r -> f64(one(r, -1, 1), (o, x) -> o.exp(x.get(0))));
    put(Op.LOG, r -> f64(one(r, 0.5, 2), (o, x) -> o.log(x.get(0))));
    put(Op.TANH, r -> f64(one(r, -2, 2), (o, x) -> o.tanh(x.get(0))));
    put(Op.SIGMOID, r -> f64(one(r, -2, 2), (o, x) -> o.sigmoid(x.get(0))));
    put(Op.RELU, r -> f64(one(r, -1, 1), (o, x) -> o.relu(x.get(0))));
    put(Op.ERF, r -> f32(one(r, -2, 2), (o, x) -> o.erf(x.get(0))));
    put(Op.GELU, r -> f32(one(r, -3, 3), (o, x) -> o.gelu(x.get(0))));
    put(Op.SIN, r -> f64(one(r, -3, 3), (o, x) -> o.sin(x.get(0))));
    put(Op.COS, r -> f64(one(r, -3, 3), (o, x) -> o.cos(x.get(0))));
    put(Op.IDENTITY, r -> f64(one(r, -1, 1), (o, x) -> o.identity(x.get(0))));
    put(Op.CAST, r -> f32(one(r, -1, 1), (o, x) -> o.cast(x.get(0), DType.F64)));
    put(Op.CLIP, r -> f64(one(r, -2, 2), (o, x) -> o.clip(x.get(0), -1, 1)));
    put(
        Op.WHERE,
        r -> {
          List<InputSpec> in = pair(r, -1, 1);
          long[] s = in.get(0).shape();
          boolean[] mask = new boolean[(int) HostTensor.numel(s)];
          ByteBuffer b = ByteBuffer.allocate(mask.length);
          for (int i = 0; i < mask.length; i++) {
            b.put((byte) (r.nextBoolean() ? 1 : 0));
          }
          return f64(
              in,
              (o, x) ->
                  o.where(
                      o.graph().constant(new HostTensor(DType.BOOL, s, b.flip())),
                      x.get(0),
                      x.get(1)));
        });
    put(
        Op.MATMUL,
        r -> {
          long m = d(r);
          long k = d(r);
          long n = d(r);
          long b = d(r);
          List<InputSpec> in =
              switch (r.nextInt(3)) {
                case 0 -> List.of(InputSpec.of(b, m, k), InputSpec.of(k, n));
                case 1 -> List.of(InputSpec.of(b, m, k), InputSpec.of(b, k, n));
                default -> List.of(InputSpec.of(m, k), InputSpec.of(2, b, k, n));
              };
          return f64(in, (o, x) -> o.matmul(x.get(0), x.get(1)));
        });
    put(
        Op.GEMM,
        r -> {
          long m = d(r);
          long k = d(r);
          long n = d(r);
          boolean ta = r.nextBoolean();
          boolean tb = r.nextBoolean();
          List<InputSpec> in =
              List.of(
                  ta ? InputSpec.of(k, m) : InputSpec.of(m, k),
                  tb ? InputSpec.of(n, k) : InputSpec.of(k, n),
                  InputSpec.of(n));
          return f64(in, (o, x) -> o.gemm(x.get(0), x.get(1), x.get(2), 0.7f, 1.3f, ta, tb));
        });
    // The op rounds A, and its rule rounds g ⊙ scale, to uint8 per tensor (steps of range / 255),
    // so both sides of the check carry rounding noise; the op is linear in A, so a wide step (0.5)
    // costs no truncation error. The noise is about 1 % of each term of <v, J u>, and does not
    // shrink when the terms cancel: 1000 drawn cases differed by at most 0.11 (absolute, the
    // contraction being below 1 there), so the check allows 0.25. It checks the rule's structure
    // (a rule that drops the scale is off 100-fold, a wrong sign by 200 %); the accuracy of int8
    // gradients against fp32 is asserted on whole backbones (Int8FrozenWeightsTest in visft-lora).
    // Half the cases add a bias, whose gradient is exact.
    put(
        Op.DYNAMIC_QUANTIZE_MAT_MUL,
        r -> {
          long m = d(r);
          long k = d(r);
          long n = d(r);
          java.util.Random values = new java.util.Random(r.nextInt(1 << 16));
          ByteBuffer q = ByteBuffer.allocate((int) (k * n));
          for (int i = 0; i < k * n; i++) {
            q.put((byte) (values.nextInt(127) - 63));
          }
          q.flip();
          double[] scale = new double[(int) n];
          for (int i = 0; i < n; i++) {
            scale[i] = 0.005 + 0.015 * values.nextDouble();
          }
          InputSpec a = r.nextBoolean() ? InputSpec.of(d(r), m, k) : InputSpec.of(m, k);
          boolean biased = r.nextBoolean();
          List<InputSpec> in = biased ? List.of(a, InputSpec.of(n)) : List.of(a);
          return new Sample(
              DType.F32,
              in,
              (o, x) ->
                  List.of(
                      o.dynamicQuantizeMatMul(
                          x.get(0),
                          o.graph()
                              .constant(new HostTensor(DType.I8, new long[] {k, n}, q.duplicate())),
                          o.constantLike(DType.F32, scale, n),
                          biased ? x.get(1) : null)),
              new GradientCheck.Tolerance(0.5, 0.25));
        });
    put(
        Op.SOFTMAX,
        r -> {
          int axis = r.nextInt(3) - 1;
          return f64(
              List.of(InputSpec.range(-2, 2, d(r), d(r) + 1, d(r))),
              (o, x) -> o.softmax(x.get(0), axis));
        });
    put(
        Op.LOG_SOFTMAX,
        r -> {
          int axis = r.nextInt(3) - 1;
          return f64(
              List.of(InputSpec.range(-2, 2, d(r), d(r) + 1, d(r))),
              (o, x) -> o.logSoftmax(x.get(0), axis));
        });
    put(
        Op.LAYER_NORMALIZATION,
        r -> {
          long a = d(r);
          long b = d(r) + 1;
          long c = d(r) + 1;
          boolean twoAxes = r.nextBoolean();
          long[] norm = twoAxes ? new long[] {b, c} : new long[] {c};
          return f64(
              List.of(
                  InputSpec.range(-2, 2, a, b, c),
                  new InputSpec(norm, 0.5, 1.5),
                  new InputSpec(norm, -1, 1)),
              (o, x) -> o.layerNorm(x.get(0), x.get(1), x.get(2), twoAxes ? -2 : -1, 1e-5f));
        });
    put(
        Op.REDUCE_SUM,
        r -> {
          boolean keep = r.nextBoolean();
          long axis = r.nextInt(3);
          return f64(
              List.of(InputSpec.of(d(r), d(r), d(r))), (o, x) -> o.reduceSum(x.get(0), keep, axis));
        });
    put(
        Op.REDUCE_MEAN,
        r -> {
          boolean keep = r.nextBoolean();
          return f64(
              List.of(InputSpec.of(d(r), d(r), d(r))),
              (o, x) -> o.reduceMean(x.get(0), keep, 0, 2));
        });
    put(
        Op.REDUCE_MAX,
        r -> {
          boolean keep = r.nextBoolean();
          long axis = r.nextInt(3) - 1;
          return f64(
              List.of(InputSpec.of(d(r), d(r), d(r))), (o, x) -> o.reduceMax(x.get(0), keep, axis));
        });
    put(
        Op.RESHAPE,
        r -> {
          long a = d(r);
          long b = d(r);
          return f64(List.of(InputSpec.of(a, b, 2)), (o, x) -> o.reshape(x.get(0), 2, -1));
        });
    put(
        Op.SQUEEZE,
        r -> f64(List.of(InputSpec.of(d(r), 1, d(r))), (o, x) -> o.squeeze(x.get(0), 1)));
    put(
        Op.UNSQUEEZE,
        r -> f64(List.of(InputSpec.of(d(r), d(r))), (o, x) -> o.unsqueeze(x.get(0), 0, 3)));
    put(
        Op.TRANSPOSE,
        r -> {
          long[] perm = permutation(r, 3);
          return f64(
              List.of(InputSpec.of(d(r), d(r) + 1, d(r) + 2)),
              (o, x) -> o.transpose(x.get(0), perm));
        });
    put(
        Op.CONCAT,
        r -> {
          long a = d(r);
          long b = d(r);
          return f64(
              List.of(InputSpec.of(a, d(r)), InputSpec.of(a, b), InputSpec.of(a, 1)),
              (o, x) -> o.concat(1, x.get(0), x.get(1), x.get(2)));
        });
    put(
        Op.SPLIT,
        r -> {
          long s1 = d(r);
          long s2 = d(r);
          long s3 = d(r);
          boolean dropMiddle = r.nextBoolean();
          return new Sample(
              DType.F64,
              List.of(InputSpec.of(2, s1 + s2 + s3)),
              (o, x) -> {
                List<Value> parts = o.split(x.get(0), 1, s1, s2, s3);
                return dropMiddle ? List.of(parts.get(0), parts.get(2)) : parts;
              });
        });
    put(
        Op.SLICE,
        r -> {
          long n = d(r) + 3;
          long start = r.nextInt(2);
          long end = n - r.nextInt(2);
          return f64(List.of(InputSpec.of(d(r), n)), (o, x) -> o.slice(x.get(0), 1, start, end));
        });
    put(
        Op.PAD,
        r -> {
          long[] pads = {r.nextInt(2), r.nextInt(3), r.nextInt(2), r.nextInt(3)};
          return f64(List.of(InputSpec.of(d(r), d(r))), (o, x) -> o.pad(x.get(0), pads));
        });
    put(
        Op.EXPAND,
        r -> {
          long a = d(r) + 1;
          return f64(
              List.of(InputSpec.of(1, d(r))), (o, x) -> o.expand(x.get(0), a, x.get(0).dim(1)));
        });
    put(
        Op.GATHER,
        r -> {
          long n = d(r) + 1;
          long m = d(r) + 1;
          int axis = r.nextInt(2);
          long[] idx = randomIndices(r, 6, axis == 0 ? n : m);
          return f64(
              List.of(InputSpec.of(n, m)),
              (o, x) -> o.gather(x.get(0), indices(o, idx, 2, 3), axis));
        });
    put(
        Op.GATHER_ELEMENTS,
        r -> {
          long n = d(r) + 1;
          long m = d(r) + 1;
          int axis = r.nextInt(2);
          long[] idx = randomIndices(r, (int) (n * m), axis == 0 ? n : m);
          return f64(
              List.of(InputSpec.of(n, m)),
              (o, x) -> o.gatherElements(x.get(0), indices(o, idx, n, m), axis));
        });
    put(
        Op.GATHER_ND,
        r -> {
          long a = d(r) + 1;
          long b = d(r) + 1;
          long c = d(r);
          long[] idx = new long[8];
          for (int i = 0; i < 4; i++) {
            idx[2 * i] = r.nextInt((int) a);
            idx[2 * i + 1] = r.nextInt((int) b);
          }
          return f64(
              List.of(InputSpec.of(a, b, c)),
              (o, x) -> o.gatherNd(x.get(0), indices(o, idx, 4, 2)));
        });
    put(
        Op.SCATTER_ELEMENTS,
        r -> {
          long n = d(r) + 1;
          long m = d(r);
          String reduction = r.nextBoolean() ? "none" : "add";
          long[] perm = permutation(r, (int) n);
          long k = 1 + r.nextInt((int) n);
          long[] idx = new long[(int) (k * m)];
          for (int i = 0; i < k; i++) {
            for (int j = 0; j < m; j++) {
              idx[(int) (i * m + j)] = perm[i];
            }
          }
          return f64(
              List.of(InputSpec.of(n, m), InputSpec.of(k, m)),
              (o, x) -> o.scatterElements(x.get(0), indices(o, idx, k, m), x.get(1), 0, reduction));
        });
    put(
        Op.SCATTER_ND,
        r -> {
          long n = d(r) + 1;
          long m = d(r);
          String reduction = r.nextBoolean() ? "none" : "add";
          long k = 1 + r.nextInt((int) n);
          long[] idx = java.util.Arrays.copyOf(permutation(r, (int) n), (int) k);
          return f64(
              List.of(InputSpec.of(n, m), InputSpec.of(k, m)),
              (o, x) -> o.scatterNd(x.get(0), indices(o, idx, k, 1), x.get(1), reduction));
        });
    put(
        Op.CONV,
        r -> {
          long k = r.nextBoolean() ? 1 : 3;
          long stride = 1 + r.nextInt(2);
          long pad = k == 3 ? r.nextInt(2) : 0;
          long h = 4 + r.nextInt(3);
          long w = 4 + r.nextInt(3);
          long[] strides = {stride, stride};
          long[] pads = {pad, pad, pad, pad};
          return f32(
              List.of(InputSpec.of(2, 2, h, w), InputSpec.of(3, 2, k, k), InputSpec.of(3)),
              (o, x) -> o.conv(x.get(0), x.get(1), x.get(2), strides, pads));
        });
  }

  private OpSamples() {}
}
