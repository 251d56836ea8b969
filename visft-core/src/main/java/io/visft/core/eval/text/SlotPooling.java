package io.visft.core.eval.text;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.eval.FeatureMatrix;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Pools dense maps into a fixed number of horizontal slots, left to right: slot {@code s} of {@code
 * S} is the mean over all rows and over columns {@code [⌊s·w/S⌋, ⌈(s+1)·w/S⌉)} (PyTorch's {@code
 * adaptive_avg_pool2d(map, (1, S))}; slots overlap when {@code w < S}). A word is written left to
 * right, so slot {@code s} summarises the {@code s}-th stretch of it whatever the map's width.
 * Stateless and thread-safe.
 */
public final class SlotPooling {
  private SlotPooling() {}

  /**
   * @param dense {@code [n, C, h, w]} F32
   * @param slots S, positive
   * @return {@code [n, S · C]}: per image, slot 0's C values, then slot 1's, …
   */
  public static FeatureMatrix pool(HostTensor dense, int slots) {
    checkArgument(slots > 0, "slots must be positive, got %s", slots);
    long[] shape = dense.shape();
    if (shape.length != 4) {
      throw new ShapeException(
          "slot pooling needs dense maps [n, C, h, w], got " + Arrays.toString(shape));
    }
    int n = (int) shape[0];
    int channels = (int) shape[1];
    int h = (int) shape[2];
    int w = (int) shape[3];
    FloatBuffer maps = dense.floatView();
    float[] out = new float[Math.multiplyExact(n, Math.multiplyExact(slots, channels))];
    for (int s = 0; s < slots; s++) {
      int from = s * w / slots;
      int to = ((s + 1) * w + slots - 1) / slots;
      int cells = h * (to - from);
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < channels; c++) {
          int base = (i * channels + c) * h * w;
          double sum = 0;
          for (int y = 0; y < h; y++) {
            for (int x = from; x < to; x++) {
              sum += maps.get(base + y * w + x);
            }
          }
          out[(i * slots + s) * channels + c] = (float) (sum / cells);
        }
      }
    }
    return new FeatureMatrix(n, slots * channels, out);
  }
}
