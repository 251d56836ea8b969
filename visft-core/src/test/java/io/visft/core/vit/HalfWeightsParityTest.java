package io.visft.core.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.io.HalfFloats;
import io.visft.core.io.TensorConversions;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A backbone whose checkpoint stores F16 or BF16 weights, held 16-bit and widened per use, computes
 * what the same weights widened to F32 up front compute. Widening is exact and the ops are the
 * same; what differs is ONNX Runtime's kernels: constant F32 weights are packed for its matrix
 * kernels ahead of time, fed 16-bit weights are widened per run and multiplied unpacked, which
 * changes the summation order of the products. The results agree to float rounding: the largest
 * difference, relative to the largest magnitude, must stay within 1e-6 (measured: about 2e-7, one
 * or two units in the last place).
 */
class HalfWeightsParityTest {
  private static final EvaConfig TINY = new EvaConfig(32, 2, 2, 64, 8, 2, false, 1e-6, true);
  private static final long[] PIXELS = {2, 3, 16, 16};

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F16", "BF16"})
  void featuresAndGradientsEqualTheWidenedWeights(DType stored) {
    Path file = dir.resolve("half.safetensors");
    SafetensorsWriter.write(file, randomCheckpoint(stored, 11), Map.of());
    HostTensor pixels = random(new SplittableRandom(3), PIXELS);
    try (EvaWeightsFile ckpt = EvaWeightsFile.open(file, TINY, EvaLoadOptions.defaults())) {
      assertEquals(
          stored, ckpt.weights().get("blocks.1.attn.qkv.weight").dtype(), "weights stay as stored");
      Map<String, HostTensor> widened = new LinkedHashMap<>();
      ckpt.weights().forEach((k, v) -> widened.put(k, TensorConversions.toF32(v, k)));
      List<float[]> held = run(ckpt.weights(), pixels);
      List<float[]> wide = run(widened, pixels);
      assertEquals(0, relativeError(held.get(0), wide.get(0)), 1e-6, "features");
      assertEquals(0, relativeError(held.get(1), wide.get(1)), 1e-6, "pixel gradients");
    }
  }

  /** max |a − b| / max |b|. */
  private static double relativeError(float[] a, float[] b) {
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < a.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return diff / scale;
  }

  /**
   * Features {@code [B, D, h, w]} and the gradient of their sum of squares with respect to the
   * pixels.
   */
  private static List<float[]> run(Map<String, HostTensor> weights, HostTensor pixels) {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value px = g.input("pixels", DType.F32, PIXELS);
    Value features = EvaBackbone.build(g, TINY, weights, px, LinearLayer.PLAIN);
    Value loss = o.reduceSum(o.mul(features, features), false);
    Value grad = Autodiff.gradients(loss, List.of(px)).get(px);
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put("features", features);
    outputs.put("grad", grad);
    try (GraphSession s =
        GraphSession.create(OnnxExporter.export(g, outputs, Map.of()), RuntimeOptions.cpu())) {
      s.setInput("pixels", pixels);
      s.run();
      return List.of(s.outputCopy("features").toFloatArray(), s.outputCopy("grad").toFloatArray());
    }
  }

  private static Map<String, HostTensor> randomCheckpoint(DType stored, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, HostTensor> out = new LinkedHashMap<>();
    EvaWeightNames.expectedShapes(TINY)
        .forEach(
            (name, shape) -> {
              int n = Math.toIntExact(HostTensor.numel(shape));
              ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
              float center = name.contains("norm") && name.endsWith("weight") ? 1f : 0f;
              for (int i = 0; i < n; i++) {
                float v = center + (float) (rnd.nextGaussian() * 0.2);
                b.putShort(
                    stored == DType.F16 ? HalfFloats.floatToF16(v) : HalfFloats.floatToBf16(v));
              }
              out.put(name, new HostTensor(stored, shape, b.flip()));
            });
    return out;
  }

  private static HostTensor random(SplittableRandom rnd, long[] shape) {
    float[] v = new float[Math.toIntExact(HostTensor.numel(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return HostTensor.ofFloats(v, shape);
  }
}
