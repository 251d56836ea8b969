package io.visft.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weights bound from direct buffers survive ONNX Runtime's weight prepacking and repeated runs. */
class LargeWeightTest {

  @Test
  void matmulWithAPrepackableWeightRunsRepeatedly() {
    int k = 384;
    int n = 1536;
    ByteBuffer w = ByteBuffer.allocateDirect(k * n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < k * n; i++) {
      w.putFloat(4 * i, (i % 7) * 0.01f);
    }
    Graph g = new Graph();
    Value x = g.input("x", DType.F32, 64, k);
    Value wv = g.weight("w", new HostTensor(DType.F32, new long[] {k, n}, w));
    Value y = new Ops(g).matmul(x, wv);
    try (GraphSession s =
        GraphSession.create(
            OnnxExporter.export(g, Map.of("y", y), Map.of()), RuntimeOptions.cpu())) {
      float[] ones = new float[64 * k];
      java.util.Arrays.fill(ones, 1f);
      s.setInput("x", ones);
      for (int rep = 0; rep < 20; rep++) {
        s.run();
      }
      double expected = 0;
      for (int i = 0; i < k; i++) {
        expected += ((i * n) % 7) * 0.01;
      }
      assertEquals(expected, s.output("y").get(0), 1e-3);
    }
  }
}
