package io.visft.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.BackendUnavailableException;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.onnx.OnnxModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphSessionTest {

  /** y = x W + b with W a frozen (direct-buffer) weight; loss = Σ y²; gradients for x and b. */
  private static OnnxModel linearModel() {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("x", DType.F32, 2, 3);
    ByteBuffer wData = ByteBuffer.allocateDirect(3 * 2 * 4).order(ByteOrder.LITTLE_ENDIAN);
    wData.asFloatBuffer().put(new float[] {1, 2, 3, 4, 5, 6});
    Value w = g.weight("w", new HostTensor(DType.F32, new long[] {3, 2}, wData));
    Value b = g.input("b", DType.F32, 2);
    Value y = o.add(o.matmul(x, w), b);
    Value loss = o.reduceSum(o.mul(y, y), false);
    Map<Value, Value> grads = Autodiff.gradients(loss, List.of(x, b));
    return OnnxExporter.export(
        g, Map.of("loss", loss, "y", y, "grad_x", grads.get(x), "grad_b", grads.get(b)), Map.of());
  }

  @Test
  void runsWithExternalWeightsAndPinnedOutputsAcrossRuns() {
    try (GraphSession s = GraphSession.create(linearModel(), RuntimeOptions.cpu())) {
      s.setInput("x", new float[] {1, 0, 0, 0, 1, 0});
      s.setInput("b", new float[] {0.5f, -0.5f});
      s.run();
      float[] y = new float[4];
      s.output("y").get(y);
      assertArrayEquals(new float[] {1.5f, 1.5f, 3.5f, 3.5f}, y);
      assertEquals(1.5f * 1.5f * 2 + 3.5f * 3.5f * 2, s.output("loss").get(0), 1e-5);
      float[] gb = new float[2];
      s.output("grad_b").get(gb);
      assertArrayEquals(new float[] {2 * (1.5f + 3.5f), 2 * (1.5f + 3.5f)}, gb, 1e-5f);
      // dL/dx = 2 y Wᵀ: row 0 = 2*[1.5,1.5]·Wᵀ = [9, 21, 33]
      float[] gx = new float[6];
      s.output("grad_x").get(gx);
      assertArrayEquals(new float[] {9, 21, 33, 21, 49, 77}, gx, 1e-4f);

      s.setInput("b", new float[] {0, 0});
      s.run();
      assertEquals(1 + 4 + 9 + 16, s.output("loss").get(0), 1e-5);
    }
  }

  @Test
  void rejectsInputsOfTheWrongShapeNamingTheInput() {
    try (GraphSession s = GraphSession.create(linearModel(), RuntimeOptions.cpu())) {
      ShapeException e =
          assertThrows(
              ShapeException.class, () -> s.setInput("x", HostTensor.ofFloats(new float[3], 3)));
      assertTrue(e.getMessage().contains("input 'x' must be F32[2, 3]"), e.getMessage());
      IllegalArgumentException u =
          assertThrows(IllegalArgumentException.class, () -> s.input("nope"));
      assertTrue(u.getMessage().contains("expected one of [x, b]"), u.getMessage());
    }
  }

  @Test
  void cudaWithoutADriverSaysWhyAndWhatToInstall() {
    org.junit.jupiter.api.Assumptions.assumeFalse(
        new java.io.File("/dev/nvidiactl").exists(),
        "this machine has an NVIDIA device; the CUDA-absent path cannot be exercised here");
    BackendUnavailableException e =
        assertThrows(
            BackendUnavailableException.class,
            () -> GraphSession.create(linearModel(), RuntimeOptions.cuda(0)).close());
    assertTrue(e.getMessage().contains("needs the NVIDIA driver"), e.getMessage());
  }

  @Test
  void cudaAdviceNamesTheCudaOfTheLoadedFlavour() {
    String cuda13 = GraphSession.cudaAdvice("1.24.1");
    assertTrue(
        cuda13.contains("visft-runtime-cuda13")
            && cuda13.contains("CUDA 13")
            && !cuda13.contains("CUDA 12"),
        cuda13);
    String cuda12 = GraphSession.cudaAdvice("1.29.0");
    assertTrue(
        cuda12.contains("visft-runtime-gpu")
            && cuda12.contains("CUDA 12")
            && !cuda12.contains("CUDA 13"),
        cuda12);
  }
}
