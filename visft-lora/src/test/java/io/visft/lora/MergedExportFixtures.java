package io.visft.lora;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.visft.api.HostTensor;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Test data for the merged-export tests, and a run of a file {@link MergedExport} wrote in a plain
 * ONNX Runtime session, as a user would.
 */
final class MergedExportFixtures {
  private MergedExportFixtures() {}

  /**
   * @param pixels {@code [B, 3, H, W]}
   * @return the file's {@code features} output, flattened
   */
  static float[] features(Path onnx, HostTensor pixels) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor in =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels.toFloatArray()), pixels.shape());
        OrtSession.Result r = s.run(Map.of("pixel_values", in))) {
      FloatBuffer b = ((OnnxTensor) r.get("features").orElseThrow()).getFloatBuffer();
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    }
  }

  /** F32 values drawn from N(0, std²). */
  static HostTensor gaussian(Random rnd, long[] shape, double std) {
    float[] v = new float[(int) HostTensor.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rnd.nextGaussian() * std);
    }
    return HostTensor.ofFloats(v, shape);
  }

  /** An adapter on {@code config}'s linear modules whose A and B are drawn from N(0, 0.05²). */
  static Lora randomAdapter(String name, EvaConfig config, int rank, double alpha) {
    Lora lora =
        Lora.create(
            name,
            LoraConfig.visft().withRank(rank).withAlpha(alpha),
            EvaWeightNames.linearModules(config),
            5);
    Random rnd = new Random(9);
    Map<String, HostTensor> values = new LinkedHashMap<>();
    lora.tensors().forEach((n, t) -> values.put(n, gaussian(rnd, t.shape(), 0.05)));
    lora.load(values);
    return lora;
  }
}
