package io.visft.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.onnx.OnnxFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model saved to a file (weights as external data) and run from it. */
class OnnxFileSessionTest {
  @TempDir Path dir;

  @Test
  void runsASavedModelAndChecksItsInputs() {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("x", DType.F32, 2, 3);
    Value w = g.weight("w", HostTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
    Path file = dir.resolve("model.onnx");
    OnnxFiles.save(OnnxExporter.export(g, Map.of("y", o.matmul(x, w)), Map.of()), file);
    try (OnnxFileSession s = OnnxFileSession.open(file, RuntimeOptions.cpu())) {
      assertEquals(DType.F32, s.inputs().get("x").dtype());
      assertArrayEquals(new long[] {2, 3}, s.inputs().get("x").shape());
      HostTensor y =
          s.run(Map.of("x", HostTensor.ofFloats(new float[] {1, 0, 0, 0, 1, 1}, 2, 3))).get("y");
      assertArrayEquals(new long[] {2, 2}, y.shape());
      assertArrayEquals(new float[] {1, 2, 8, 10}, y.toFloatArray());
      ShapeException wrong =
          assertThrows(
              ShapeException.class,
              () -> s.run(Map.of("x", HostTensor.ofFloats(new float[3], 1, 3))));
      assertTrue(wrong.getMessage().contains("x F32[2, 3]"), wrong.getMessage());
    }
    assertTrue(
        assertThrows(
                FileFormatException.class,
                () -> OnnxFileSession.open(dir.resolve("none.onnx"), RuntimeOptions.cpu()))
            .getMessage()
            .contains("none.onnx"));
  }
}
