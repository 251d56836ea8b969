package io.visft.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DropoutTest {
  private static final int N = 20000;

  private static float[] masked(GraphSession s, long seed) {
    s.setInput("seed", HostTensor.ofLongs(new long[] {seed}));
    s.run();
    float[] y = new float[N];
    s.output("y").get(y);
    return y;
  }

  private static GraphSession session(double p) {
    Graph g = new Graph();
    Ops o = new Ops(g);
    float[] ones = new float[N];
    Arrays.fill(ones, 1f);
    Value x = g.constant(HostTensor.ofFloats(ones, 100, 200));
    Value seed = g.input("seed", DType.I64);
    Value y = Dropout.apply(o, x, p, seed, 3);
    return GraphSession.create(
        OnnxExporter.export(g, Map.of("y", y), Map.of()), RuntimeOptions.cpu());
  }

  @Test
  void dropsTheRequestedShareScalesTheRestAndDependsOnlyOnTheSeed() {
    try (GraphSession s = session(0.3)) {
      float[] a = masked(s, 42);
      long kept = 0;
      for (float v : a) {
        assertTrue(v == 0f || Math.abs(v - 1 / 0.7f) < 1e-6, "value " + v);
        kept += v != 0 ? 1 : 0;
      }
      // 20000 Bernoulli(0.7) draws: 5 standard deviations is about 0.016.
      assertEquals(0.7, kept / (double) N, 0.016);
      assertArrayEquals(a, masked(s, 42));
      float[] b = masked(s, 43);
      assertFalse(Arrays.equals(a, b), "a different seed must give a different mask");
      long agree = 0;
      for (int i = 0; i < N; i++) {
        agree += (a[i] != 0) == (b[i] != 0) ? 1 : 0;
      }
      // Independent masks agree with probability 0.7² + 0.3² = 0.58.
      assertEquals(0.58, agree / (double) N, 0.02);
      long neighbours = 0;
      for (int i = 1; i < N; i++) {
        neighbours += (a[i] != 0) == (a[i - 1] != 0) ? 1 : 0;
      }
      assertEquals(
          0.58, neighbours / (double) (N - 1), 0.02, "adjacent elements must be uncorrelated");
    }
  }

  @Test
  void theMaskOfAShapeIsTheFlatMaskReshaped() {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value seed = g.input("seed", DType.I64);
    Value shaped = Dropout.uniform(o, seed, 5, 3, 4, 5);
    Value flat = Dropout.uniform(o, seed, 5, 60);
    try (GraphSession s =
        GraphSession.create(
            OnnxExporter.export(g, Map.of("shaped", shaped, "flat", flat), Map.of()),
            RuntimeOptions.cpu())) {
      Map<String, HostTensor> out = s.run(Map.of("seed", HostTensor.ofLongs(new long[] {9})));
      assertArrayEquals(out.get("flat").toFloatArray(), out.get("shaped").toFloatArray());
    }
  }

  @Test
  void noConstantGrowsWithTheMaskedTensor() {
    Graph g = new Graph();
    Dropout.uniform(new Ops(g), g.input("seed", DType.I64), 1, 50, 60, 70);
    for (Value c : g.valuesOf(Value.Kind.CONSTANT)) {
      assertTrue(c.type().numel() <= 70, "constant " + c + " grows with the tensor");
    }
  }

  @Test
  void zeroProbabilityIsTheIdentity() {
    Graph g = new Graph();
    Value x = g.input("x", DType.F32, 4);
    assertEquals(x, Dropout.apply(new Ops(g), x, 0, g.input("seed", DType.I64), 0));
  }
}
