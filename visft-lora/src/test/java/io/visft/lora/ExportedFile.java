package io.visft.lora;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.visft.api.HostTensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** Runs a file {@link MergedExport} wrote in a plain ONNX Runtime session, as a user would. */
final class ExportedFile {
  private ExportedFile() {}

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
}
