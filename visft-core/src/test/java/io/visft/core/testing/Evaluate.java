package io.visft.core.testing;

import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import java.util.Map;

/** Exports a graph, runs it once on the CPU and returns its outputs. */
public final class Evaluate {
  private Evaluate() {}

  public static Map<String, HostTensor> run(
      Graph g, Map<String, Value> outputs, Map<String, HostTensor> inputs) {
    try (GraphSession s =
        GraphSession.create(OnnxExporter.export(g, outputs, Map.of()), RuntimeOptions.cpu())) {
      return s.run(inputs);
    }
  }

  /** Largest absolute difference, after checking equal lengths. */
  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }

  public static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
