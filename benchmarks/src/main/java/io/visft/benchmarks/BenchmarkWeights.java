package io.visft.benchmarks;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/** Random tensors in direct buffers, as the runtime receives real (memory-mapped) weights. */
final class BenchmarkWeights {
  private BenchmarkWeights() {}

  static HostTensor random(SplittableRandom rnd, double scale, long... shape) {
    int n = Math.toIntExact(HostTensor.numel(shape));
    ByteBuffer b = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer f = b.asFloatBuffer();
    for (int i = 0; i < n; i++) {
      f.put((float) (rnd.nextDouble(-1, 1) * scale));
    }
    return new HostTensor(DType.F32, shape, b);
  }

  /** Random backbone weights under timm names: norms near 1, the rest small. */
  static java.util.Map<String, HostTensor> backbone(io.visft.core.vit.EvaConfig config, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    java.util.Map<String, HostTensor> w = new java.util.LinkedHashMap<>();
    io.visft.core.vit.EvaWeightNames.expectedShapes(config)
        .forEach(
            (name, shape) -> {
              HostTensor t = random(rnd, 0.02, shape);
              if (name.contains("norm") && name.endsWith("weight")) {
                FloatBuffer f = t.floatView();
                for (int i = 0; i < f.limit(); i++) {
                  f.put(i, 1 + f.get(i));
                }
              }
              w.put(name, t);
            });
    return w;
  }

  static float[] randomArray(SplittableRandom rnd, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextDouble(-1, 1) * scale);
    }
    return a;
  }
}
