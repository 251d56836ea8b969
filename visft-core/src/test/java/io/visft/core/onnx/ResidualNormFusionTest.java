package io.visft.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Attributes;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Op;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.NodeProto;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResidualNormFusionTest {
  static final int B = 2;
  static final int N = 5;
  static final int D = 48;
  static final float EPS = 1e-6f;

  private final SplittableRandom rnd = new SplittableRandom(7);
  private final float[] a = randoms(B * N * D, 3.0, 0.5);
  private final float[] b = randoms(B * N * D, -1.0, 0.7);
  private final float[] scale = randoms(D, 1.0, 0.2);
  private final float[] bias = randoms(D, 0.0, 0.2);
  private final float[] cotangent = randoms(B * N * D, 0.0, 1.0);

  private float[] randoms(int n, double mean, double std) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (mean + std * rnd.nextGaussian());
    }
    return v;
  }

  /** y = LayerNorm(a + b), z = 2 (a + b), loss = Σ y ⊙ cotangent + Σ z; gradient for a. */
  private Map<String, Value> graph(Graph g, long[] bShape) {
    Ops o = new Ops(g);
    Value va = g.input("a", DType.F32, B, N, D);
    Value vb = g.input("b", DType.F32, bShape);
    Value sum = o.add(va, vb);
    Value y =
        o.layerNorm(
            sum,
            g.weight("scale", HostTensor.ofFloats(scale, D)),
            g.weight("bias", HostTensor.ofFloats(bias, D)),
            -1,
            EPS);
    Value z = o.mul(sum, o.scalarLike(sum, 2));
    Value ct = g.input("cotangent", DType.F32, B, N, D);
    Value loss = o.add(o.reduceSum(o.mul(y, ct), false), o.reduceSum(z, false));
    Value grad = Autodiff.gradients(loss, List.of(va)).get(va);
    return Map.of("y", y, "z", z, "grad_a", grad);
  }

  private static List<String> opTypes(OnnxModel m) throws Exception {
    return ModelProto.parseFrom(m.proto()).getGraph().getNodeList().stream()
        .map(NodeProto::getOpType)
        .toList();
  }

  private Map<String, HostTensor> run(OnnxModel m, float[] bValues, long... bShape) {
    try (GraphSession s = GraphSession.create(m, RuntimeOptions.cpu())) {
      return s.run(
          Map.of(
              "a",
              HostTensor.ofFloats(a, B, N, D),
              "b",
              HostTensor.ofFloats(bValues, bShape),
              "cotangent",
              HostTensor.ofFloats(cotangent, B, N, D)));
    }
  }

  @Test
  void residualNormIsFusedForSessionsAndAgreesWithAFloat64Reference() throws Exception {
    Graph g = new Graph();
    Map<String, Value> outputs = graph(g, new long[] {B, N, D});
    OnnxModel fused = OnnxExporter.export(g, outputs, Map.of());
    OnnxModel standard = OnnxExporter.exportStandard(g, outputs, Map.of());
    assertTrue(opTypes(fused).contains("SkipLayerNormalization"), opTypes(fused).toString());
    assertFalse(opTypes(fused).contains("LayerNormalization"), opTypes(fused).toString());
    assertFalse(opTypes(standard).contains("SkipLayerNormalization"), opTypes(standard).toString());

    Map<String, HostTensor> f = run(fused, b, B, N, D);
    Map<String, HostTensor> s = run(standard, b, B, N, D);
    double[][] ref = reference();
    for (String name : List.of("y", "z", "grad_a")) {
      float[] got = f.get(name).toFloatArray();
      float[] std = s.get(name).toFloatArray();
      double[] want = name.equals("y") ? ref[0] : name.equals("z") ? ref[1] : ref[2];
      for (int i = 0; i < got.length; i++) {
        double tol = 2e-5 * Math.max(1, Math.abs(want[i]));
        assertEquals(want[i], got[i], tol, name + "[" + i + "] fused");
        assertEquals(want[i], std[i], tol, name + "[" + i + "] standard");
      }
    }
  }

  @Test
  void aBroadcastResidualOrAUsedStatisticIsNotFused() throws Exception {
    Graph g = new Graph();
    float[] row = randoms(N * D, 0.5, 1.0);
    Map<String, Value> broadcast = graph(g, new long[] {1, N, D});
    assertFalse(
        opTypes(OnnxExporter.export(g, broadcast, Map.of())).contains("SkipLayerNormalization"));
    assertEquals(
        reference()[0].length,
        run(OnnxExporter.export(g, broadcast, Map.of()), row, 1, N, D).get("y").numel());

    Graph h = new Graph();
    Ops o = new Ops(h);
    Value sum = o.add(h.input("a", DType.F32, B, N, D), h.input("b", DType.F32, B, N, D));
    List<Value> norm =
        h.apply(
            Op.LAYER_NORMALIZATION,
            Attributes.of("axis", -1, "epsilon", EPS),
            sum,
            h.weight("scale", HostTensor.ofFloats(scale, D)));
    OnnxModel m = OnnxExporter.export(h, Map.of("y", norm.get(0), "mean", norm.get(1)), Map.of());
    assertFalse(
        opTypes(m).contains("SkipLayerNormalization"),
        "the mean output is read, so the pair must stay");
  }

  /** [y, z, dloss/da] in float64, two-pass variance. */
  private double[][] reference() {
    double[] y = new double[B * N * D];
    double[] z = new double[B * N * D];
    double[] ga = new double[B * N * D];
    for (int r = 0; r < B * N; r++) {
      double mean = 0;
      for (int j = 0; j < D; j++) {
        mean += (double) a[r * D + j] + b[r * D + j];
      }
      mean /= D;
      double var = 0;
      for (int j = 0; j < D; j++) {
        double c = (double) a[r * D + j] + b[r * D + j] - mean;
        var += c * c;
      }
      var /= D;
      double inv = 1 / Math.sqrt(var + EPS);
      double meanG = 0;
      double meanGx = 0;
      double[] xhat = new double[D];
      double[] gh = new double[D];
      for (int j = 0; j < D; j++) {
        int i = r * D + j;
        xhat[j] = ((double) a[i] + b[i] - mean) * inv;
        y[i] = xhat[j] * scale[j] + bias[j];
        z[i] = 2 * ((double) a[i] + b[i]);
        gh[j] = (double) cotangent[i] * scale[j];
        meanG += gh[j] / D;
        meanGx += gh[j] * xhat[j] / D;
      }
      for (int j = 0; j < D; j++) {
        ga[r * D + j] = inv * (gh[j] - meanG - xhat[j] * meanGx) + 2;
      }
    }
    return new double[][] {y, z, ga};
  }
}
