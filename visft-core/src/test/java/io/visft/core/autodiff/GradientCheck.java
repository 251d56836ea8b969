package io.visft.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * JAX-style gradient check: for random directions u and cotangents v, compares the central
 * difference {@code <v, J u>} with the vector-Jacobian product {@code <Jᵀ v, u>} computed by the
 * graph that {@link Autodiff#vjp} emitted, both evaluated by ONNX Runtime.
 */
public final class GradientCheck {

  /**
   * A differentiable input of a check.
   *
   * @param shape its shape
   * @param low lower bound of its random values
   * @param high upper bound of its random values
   */
  public record InputSpec(long[] shape, double low, double high) {
    public static InputSpec range(double low, double high, long... shape) {
      return new InputSpec(shape, low, high);
    }

    public static InputSpec of(long... shape) {
      return new InputSpec(shape, -1, 1);
    }

    @Override
    public String toString() {
      return Arrays.toString(shape) + " in [" + low + ", " + high + "]";
    }
  }

  /**
   * How a check is made.
   *
   * @param step the central difference's step along the random direction
   * @param relative the largest allowed {@code |fd - vjp| / max(1, |fd|, |vjp|)}
   */
  public record Tolerance(double step, double relative) {
    /** The default for {@code dtype}: step 1e-6 and 1e-6 in F64, 1e-2 and 2e-3 in F32. */
    public static Tolerance of(DType dtype) {
      return dtype == DType.F64 ? new Tolerance(1e-6, 1e-6) : new Tolerance(1e-2, 2e-3);
    }
  }

  /** The two sides of the comparison, for reporting. */
  public record Result(double finiteDifference, double vjp) {}

  private GradientCheck() {}

  /**
   * Builds {@code body} over fresh inputs of {@code dtype} (F64 for tight checks, F32 where ONNX
   * Runtime has no double kernel), runs both sides, and asserts they agree.
   */
  public static Result assertVjpMatches(
      String label,
      DType dtype,
      List<InputSpec> specs,
      BiFunction<Ops, List<Value>, List<Value>> body,
      long seed) {
    return assertVjpMatches(label, dtype, specs, body, seed, Tolerance.of(dtype));
  }

  /**
   * As {@link #assertVjpMatches(String, DType, List, BiFunction, long)} with the given step and
   * tolerance.
   */
  public static Result assertVjpMatches(
      String label,
      DType dtype,
      List<InputSpec> specs,
      BiFunction<Ops, List<Value>, List<Value>> body,
      long seed,
      Tolerance check) {
    Graph g = new Graph();
    Ops o = new Ops(g);
    List<Value> xs = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      xs.add(g.input("x" + i, dtype, specs.get(i).shape()));
    }
    List<Value> ys = body.apply(o, xs);
    List<Value> vs = new ArrayList<>();
    for (int j = 0; j < ys.size(); j++) {
      vs.add(g.input("v" + j, ys.get(j).dtype(), ys.get(j).shape()));
    }
    Map<Value, Value> grads = Autodiff.vjp(ys, vs, xs);
    Map<String, Value> outputs = new LinkedHashMap<>();
    for (int j = 0; j < ys.size(); j++) {
      outputs.put("y" + j, ys.get(j));
    }
    for (int i = 0; i < xs.size(); i++) {
      outputs.put("g" + i, o.cast(grads.get(xs.get(i)), DType.F64));
    }
    Random rnd = new Random(seed);
    List<double[]> x = new ArrayList<>();
    List<double[]> u = new ArrayList<>();
    for (InputSpec s : specs) {
      int n = (int) HostTensor.numel(s.shape());
      double[] xi = new double[n];
      double[] ui = new double[n];
      for (int k = 0; k < n; k++) {
        xi[k] = s.low() + (s.high() - s.low()) * rnd.nextDouble();
        ui[k] = rnd.nextGaussian();
      }
      x.add(xi);
      u.add(ui);
    }
    List<double[]> v = new ArrayList<>();
    for (Value y : ys) {
      double[] vj = new double[(int) y.type().numel()];
      for (int k = 0; k < vj.length; k++) {
        vj[k] = rnd.nextGaussian();
      }
      v.add(vj);
    }
    double eps = check.step();
    double tol = check.relative();
    try (GraphSession s =
        GraphSession.create(OnnxExporter.export(g, outputs, Map.of()), RuntimeOptions.cpu())) {
      for (int j = 0; j < ys.size(); j++) {
        s.setInput("v" + j, tensor(ys.get(j).dtype(), v.get(j), ys.get(j).shape()));
      }
      double fPlus = evaluate(s, specs, x, u, eps, dtype, v);
      double fMinus = evaluate(s, specs, x, u, -eps, dtype, v);
      double fd = (fPlus - fMinus) / (2 * eps);
      evaluate(s, specs, x, u, 0, dtype, v);
      double vjp = 0;
      for (int i = 0; i < specs.size(); i++) {
        var gb = s.outputBytes("g" + i).asDoubleBuffer();
        for (int k = 0; k < u.get(i).length; k++) {
          vjp += gb.get(k) * u.get(i)[k];
        }
      }
      double scale = Math.max(1, Math.max(Math.abs(fd), Math.abs(vjp)));
      assertTrue(
          Math.abs(fd - vjp) <= tol * scale,
          label
              + ": <v, J u> by central differences = "
              + fd
              + " but <J^T v, u> = "
              + vjp
              + " ("
              + dtype
              + ", seed "
              + seed
              + ")");
      return new Result(fd, vjp);
    }
  }

  private static double evaluate(
      GraphSession s,
      List<InputSpec> specs,
      List<double[]> x,
      List<double[]> u,
      double step,
      DType dtype,
      List<double[]> v) {
    for (int i = 0; i < specs.size(); i++) {
      double[] xi = x.get(i).clone();
      for (int k = 0; k < xi.length; k++) {
        xi[k] += step * u.get(i)[k];
      }
      s.setInput("x" + i, tensor(dtype, xi, specs.get(i).shape()));
    }
    s.run();
    double f = 0;
    for (int j = 0; j < v.size(); j++) {
      ByteBuffer out = s.outputBytes("y" + j);
      double[] vj = v.get(j);
      for (int k = 0; k < vj.length; k++) {
        double y =
            s.model().outputs().get("y" + j).dtype() == DType.F64
                ? out.getDouble(8 * k)
                : out.getFloat(4 * k);
        f += y * vj[k];
      }
    }
    return f;
  }

  /** A tensor of {@code dtype} (F32 or F64) holding {@code values}. */
  public static HostTensor tensor(DType dtype, double[] values, long[] shape) {
    ByteBuffer b =
        ByteBuffer.allocate(values.length * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : values) {
      if (dtype == DType.F64) {
        b.putDouble(d);
      } else {
        b.putFloat((float) d);
      }
    }
    return new HostTensor(dtype, shape, b.flip());
  }
}
