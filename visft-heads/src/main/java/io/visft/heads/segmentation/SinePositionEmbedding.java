package io.visft.heads.segmentation;

import io.visft.api.HostTensor;

/**
 * The normalised sine position embedding of DETR and Mask2Former for an unpadded {@code h × w} map.
 *
 * <p>With {@code F = channels / 2} features per axis, row {@code y} and column {@code x} (1-based)
 * are normalised to {@code ŷ = y / (h + 1e-6) · 2π} and {@code x̂ = x / (w + 1e-6) · 2π}; feature
 * {@code k} of an axis is {@code sin(v / 10000^(2⌊k/2⌋/F))} for even {@code k} and {@code cos} for
 * odd {@code k}; the {@code y} features come first. Stateless and thread-safe.
 */
final class SinePositionEmbedding {

  private static final double TEMPERATURE = 10000;
  private static final double EPS = 1e-6;

  private SinePositionEmbedding() {}

  /** The embedding as {@code [h·w, channels]} (token layout); {@code channels} must be even. */
  static HostTensor tokens(int channels, int h, int w) {
    if (channels % 2 != 0) {
      throw new IllegalArgumentException("sine position embedding needs an even width, got " + channels);
    }
    int f = channels / 2;
    float[] out = new float[h * w * channels];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double ny = (y + 1) / (h + EPS) * 2 * Math.PI;
        double nx = (x + 1) / (w + EPS) * 2 * Math.PI;
        int base = (y * w + x) * channels;
        for (int k = 0; k < f; k++) {
          double freq = Math.pow(TEMPERATURE, 2.0 * (k / 2) / f);
          out[base + k] = (float) (k % 2 == 0 ? Math.sin(ny / freq) : Math.cos(ny / freq));
          out[base + f + k] = (float) (k % 2 == 0 ? Math.sin(nx / freq) : Math.cos(nx / freq));
        }
      }
    }
    return HostTensor.ofFloats(out, (long) h * w, channels);
  }
}
