package io.visft.core.testing;

import io.visft.api.HostTensor;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tensors generated from their names, bit for bit as tools/fixtures/eva_full_width_fixture.py
 * generates them, so that full-width parity fixtures need not store billions of weights: element
 * {@code i} is {@code u · scale + offset} with {@code u} the top 24 bits of SplitMix64 of
 * (FNV-1a-64 of the name's UTF-8 bytes, i + 1), mapped to [-1, 1), and scale a power of two chosen
 * by the name (see the script).
 */
public final class NamedValues {
  private NamedValues() {}

  /** The tensor called {@code name} of {@code shape}, F32. */
  public static HostTensor of(String name, long... shape) {
    int n = Math.toIntExact(HostTensor.numel(shape));
    float[] scaleOffset = scale(name, shape);
    float s = scaleOffset[0];
    float offset = scaleOffset[1];
    long seed = fnv1a(name);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      long z = seed + (i + 1L) * 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z = z ^ (z >>> 31);
      float u = (float) ((z >>> 40) - (1L << 23)) * 0x1p-23f;
      v[i] = u * s + offset;
    }
    return HostTensor.ofFloats(v, shape);
  }

  /** Every weight of {@code config}'s backbone (timm names), generated from its name. */
  public static Map<String, HostTensor> backbone(EvaConfig config) {
    Map<String, HostTensor> weights = new LinkedHashMap<>();
    EvaWeightNames.expectedShapes(config)
        .forEach((name, shape) -> weights.put(name, of(name, shape)));
    return weights;
  }

  private static float[] scale(String name, long[] shape) {
    if (name.equals("pixel_values")) {
      return new float[] {2f, 0f};
    }
    if (name.equals("cotangent")) {
      return new float[] {1f, 0f};
    }
    if (name.endsWith("norm1.weight")
        || name.endsWith("norm2.weight")
        || name.equals("norm.weight")) {
      return new float[] {0.125f, 1f};
    }
    if (name.endsWith("bias")) {
      return new float[] {0.0625f, 0f};
    }
    if (name.equals("pos_embed") || name.contains("lora_")) {
      return new float[] {name.equals("pos_embed") ? 0.125f : 0.0625f, 0f};
    }
    long fanIn = HostTensor.numel(shape) / shape[0];
    int log2 = 63 - Long.numberOfLeadingZeros(fanIn);
    return new float[] {(float) Math.scalb(1.0, -(log2 / 2)), 0f};
  }

  private static long fnv1a(String name) {
    long h = 0xCBF29CE484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001B3L;
    }
    return h;
  }
}
