package io.visft.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.NodeProto;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardOpsTest {
  /** x and 0.5 x (1 + erf(x / √2)) in float64 (Python's math.erf). */
  private static final double[][] GELU = {
    {-3, -0.00404969409489031},
    {-1, -0.15865525393145707},
    {-0.25, -0.10032341857926907},
    {0, 0},
    {0.5, 0.34573123063700656},
    {1, 0.8413447460685429},
    {2, 1.9544997361036416},
    {4, 3.9998733150326675}
  };

  private static float[] run(OnnxModel m, float[] x) {
    try (GraphSession s = GraphSession.create(m, RuntimeOptions.cpu())) {
      return s.run(Map.of("x", HostTensor.ofFloats(x, x.length))).get("y").toFloatArray();
    }
  }

  private static List<NodeProto> nodes(OnnxModel m) throws Exception {
    return ModelProto.parseFrom(m.proto()).getGraph().getNodeList();
  }

  @Test
  void geluIsOnnxRuntimesKernelInSessionsAndStandardOpsInFiles() throws Exception {
    Graph g = new Graph();
    Value y = new Ops(g).gelu(g.input("x", DType.F32, GELU.length));
    OnnxModel session = OnnxExporter.export(g, Map.of("y", y), Map.of());
    OnnxModel file = OnnxExporter.exportStandard(g, Map.of("y", y), Map.of());
    assertTrue(
        nodes(session).stream()
            .anyMatch(n -> n.getOpType().equals("Gelu") && n.getDomain().equals("com.microsoft")));
    assertFalse(
        nodes(file).stream()
            .anyMatch(n -> !n.getDomain().isEmpty() || n.getOpType().equals("Gelu")),
        nodes(file).toString());
    assertTrue(
        ModelProto.parseFrom(file.proto()).getOpsetImportList().stream()
            .allMatch(o -> o.getDomain().isEmpty()));

    float[] x = new float[GELU.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) GELU[i][0];
    }
    float[] fused = run(session, x);
    float[] standard = run(file, x);
    for (int i = 0; i < x.length; i++) {
      assertEquals(GELU[i][1], fused[i], 1e-6, "fused gelu(" + x[i] + ")");
      assertEquals(GELU[i][1], standard[i], 1e-6, "standard gelu(" + x[i] + ")");
    }
  }
}
