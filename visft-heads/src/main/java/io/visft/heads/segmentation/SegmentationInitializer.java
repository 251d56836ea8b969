package io.visft.heads.segmentation;

import io.visft.api.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Mask2Former's initialisation of a fresh head: Xavier-uniform linear weights, {@code
 * c2_xavier_fill} convolutions (Kaiming-uniform, a = 1), zero biases, unit norms, standard-normal
 * embeddings; deformable attention starts with zero offset and weight projections, the offset bias
 * pointing each head in its own direction at distances 1..P (Deformable DETR).
 */
final class SegmentationInitializer {

  private SegmentationInitializer() {}

  static Map<String, HostTensor> initialize(SegmentationHeadConfig config, long seed) {
    Random random = new Random(seed);
    Map<String, HostTensor> out = new LinkedHashMap<>();
    SegmentationParameters.shapes(config)
        .forEach(
            (name, shape) -> {
              float[] v = new float[(int) HostTensor.numel(shape)];
              if (name.contains("sampling_offsets.bias")) {
                offsetBias(v, config.heads(), config.encoderPoints());
              } else if (name.contains("sampling_offsets") || name.contains("attention_weights")) {
                java.util.Arrays.fill(v, 0);
              } else if (name.endsWith("level_embed")
                  || name.contains("query_")
                  || name.contains("level_embed.weight")) {
                fillNormal(v, random);
              } else if (isNorm(name)) {
                java.util.Arrays.fill(v, name.endsWith(".weight") ? 1 : 0);
              } else if (shape.length == 2) {
                fillUniform(v, Math.sqrt(6.0 / (shape[0] + shape[1])), random);
              } else if (shape.length == 4) {
                fillUniform(v, Math.sqrt(3.0 / (shape[1] * shape[2] * shape[3])), random);
              }
              out.put(name, HostTensor.ofFloats(v, shape));
            });
    return out;
  }

  private static boolean isNorm(String name) {
    return name.contains("norm") || name.contains("input_proj.0.1.");
  }

  private static void offsetBias(float[] v, int heads, int points) {
    for (int head = 0; head < heads; head++) {
      double angle = 2 * Math.PI * head / heads;
      double cx = Math.cos(angle);
      double cy = Math.sin(angle);
      double scale = Math.max(Math.abs(cx), Math.abs(cy));
      for (int p = 0; p < points; p++) {
        v[(head * points + p) * 2] = (float) (cx / scale * (p + 1));
        v[(head * points + p) * 2 + 1] = (float) (cy / scale * (p + 1));
      }
    }
  }

  private static void fillUniform(float[] v, double bound, Random random) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
  }

  private static void fillNormal(float[] v, Random random) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
  }
}
