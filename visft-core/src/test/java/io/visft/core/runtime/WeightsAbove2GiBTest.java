package io.visft.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.onnx.OnnxModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A safetensors file just over 2 GiB of frozen weights: mapped, bound to ONNX Runtime without
 * copies or protobuf serialisation, and run. The second tensor lies beyond the 2 GiB offset.
 */
class WeightsAbove2GiBTest {
  private static final int COLS = 1024;
  private static final int ROWS_A = 288 * 1024;
  private static final int ROWS_B = 240 * 1024;

  @TempDir Path dir;

  private static HostTensor pattern(int rows, float offset) {
    ByteBuffer b = ByteBuffer.allocateDirect(rows * COLS * 4).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer f = b.asFloatBuffer();
    for (int r = 0; r < rows; r++) {
      f.put(r * COLS, r + offset);
      f.put(r * COLS + COLS - 1, -r - offset);
    }
    return new HostTensor(DType.F32, new long[] {rows, COLS}, b);
  }

  @Test
  void mapsBindsAndRunsWeightsOfMoreThan2GiB() throws Exception {
    Path file = dir.resolve("big.safetensors");
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("a", pattern(ROWS_A, 0));
    tensors.put("b", pattern(ROWS_B, 0.5f));
    SafetensorsWriter.write(file, tensors, Map.of());
    tensors.clear();
    assertTrue(
        Files.size(file) > (2L << 30), "the file must exceed 2 GiB, it has " + Files.size(file));
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      Graph g = new Graph();
      Ops o = new Ops(g);
      Value rows = g.input("rows", DType.I64, 3);
      Value a = g.weight("a", f.tensor("a"));
      Value b = g.weight("b", f.tensor("b"));
      Value picked = o.concat(0, o.gather(a, rows, 0), o.gather(b, rows, 0));
      Value out = o.concat(1, o.slice(picked, 1, 0, 1), o.slice(picked, 1, COLS - 1, COLS));
      OnnxModel model = OnnxExporter.export(g, Map.of("out", out), Map.of());
      assertTrue(
          model.proto().length < 100_000,
          "weights must not be serialised into the proto: " + model.proto().length);
      try (GraphSession s = GraphSession.create(model, RuntimeOptions.cpu())) {
        long last = ROWS_B - 1;
        s.setInput("rows", HostTensor.ofLongs(new long[] {0, 1000, last}, 3));
        s.run();
        float[] got = new float[12];
        s.output("out").get(got);
        assertArrayEquals(
            new float[] {
              0,
              0,
              1000,
              -1000,
              last,
              -last,
              0.5f,
              -0.5f,
              1000.5f,
              -1000.5f,
              last + 0.5f,
              -last - 0.5f
            },
            got);
      }
    }
  }
}
