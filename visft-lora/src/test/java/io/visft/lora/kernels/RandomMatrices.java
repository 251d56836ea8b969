package io.visft.lora.kernels;

import java.util.SplittableRandom;

/** Seeded random test data: uniform floats in {@code [-1, 1)}. */
final class RandomMatrices {

  private final SplittableRandom random;

  RandomMatrices(long seed) {
    this.random = new SplittableRandom(seed);
  }

  float[] floats(int length) {
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      out[i] = (float) (2 * random.nextDouble() - 1);
    }
    return out;
  }

  /** A scale in {@code [-2, 2)}, never zero, so that every product is exercised. */
  float scale() {
    float s = (float) (4 * random.nextDouble() - 2);
    return s == 0f ? 0.5f : s;
  }
}
