package io.visft.core.vit;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Freshly initialised EVA weights (for tests, benchmarks and the demo, which train from scratch):
 * LayerNorm weights 1 and biases 0, other weights truncated-normal-like with std 0.02 (timm's ViT
 * initialisation), biases 0; held in direct buffers like mapped checkpoints.
 */
public final class EvaInit {
  private EvaInit() {}

  public static Map<String, HostTensor> random(EvaConfig config, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, HostTensor> w = new LinkedHashMap<>();
    EvaWeightNames.expectedShapes(config)
        .forEach(
            (name, shape) -> {
              int n = Math.toIntExact(HostTensor.numel(shape));
              ByteBuffer b = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
              FloatBuffer f = b.asFloatBuffer();
              boolean norm = name.contains("norm");
              boolean bias = name.endsWith("bias");
              for (int i = 0; i < n; i++) {
                f.put(norm && !bias ? 1f : bias ? 0f : (float) (truncatedNormal(rnd) * 0.02));
              }
              w.put(name, new HostTensor(DType.F32, shape, b));
            });
    return w;
  }

  /** A standard normal draw redrawn outside ±2 (as timm's trunc_normal_). */
  private static double truncatedNormal(SplittableRandom r) {
    while (true) {
      double u1 = r.nextDouble();
      double u2 = r.nextDouble();
      double z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
      if (Math.abs(z) <= 2) {
        return z;
      }
    }
  }
}
