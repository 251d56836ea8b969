package io.visft.core.data.transform;

/**
 * Pixel loops shared by images ({@code float} planes, 3 channels) and masks ({@code byte}, 1
 * channel), all channel-major and row-major. Stateless.
 */
final class Planes {
  private Planes() {}

  /**
   * Copies a {@code rows x cols} block starting at {@code (srcTop, srcLeft)} of every channel of
   * {@code src} into the top-left corner of the same channel of {@code dst}. Works for any
   * primitive array type, as {@link System#arraycopy} does.
   */
  static void copyBlock(
      Object src,
      int channels,
      int srcH,
      int srcW,
      int srcTop,
      int srcLeft,
      Object dst,
      int dstH,
      int dstW,
      int rows,
      int cols) {
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < rows; y++) {
        System.arraycopy(
            src, (c * srcH + srcTop + y) * srcW + srcLeft, dst, (c * dstH + y) * dstW, cols);
      }
    }
  }

  static float[] flipRows(float[] src, int channels, int h, int w) {
    float[] out = new float[src.length];
    for (int row = 0; row < channels * h; row++) {
      int base = row * w;
      for (int x = 0; x < w; x++) {
        out[base + x] = src[base + w - 1 - x];
      }
    }
    return out;
  }

  static byte[] flipRows(byte[] src, int h, int w) {
    byte[] out = new byte[src.length];
    for (int row = 0; row < h; row++) {
      int base = row * w;
      for (int x = 0; x < w; x++) {
        out[base + x] = src[base + w - 1 - x];
      }
    }
    return out;
  }

  /**
   * Bilinear resampling with half-pixel centres and edge clamping, the rule of PyTorch's {@code
   * interpolate(mode="bilinear", align_corners=False)} without antialiasing. Rows are interpolated
   * first, then columns of the result, in the same order of operations.
   */
  static float[] resizeBilinear(float[] src, int channels, int h, int w, int outH, int outW) {
    Taps xs = Taps.of(w, outW);
    Taps ys = Taps.of(h, outH);
    float[] out = new float[channels * outH * outW];
    float[] rowA = new float[outW];
    float[] rowB = new float[outW];
    for (int c = 0; c < channels; c++) {
      for (int oy = 0; oy < outH; oy++) {
        interpolateRow(src, (c * h + ys.i0[oy]) * w, xs, rowA);
        interpolateRow(src, (c * h + ys.i1[oy]) * w, xs, rowB);
        int base = (c * outH + oy) * outW;
        for (int ox = 0; ox < outW; ox++) {
          out[base + ox] = ys.l0[oy] * rowA[ox] + ys.l1[oy] * rowB[ox];
        }
      }
    }
    return out;
  }

  private static void interpolateRow(float[] src, int rowStart, Taps xs, float[] dst) {
    for (int ox = 0; ox < dst.length; ox++) {
      dst[ox] = xs.l0[ox] * src[rowStart + xs.i0[ox]] + xs.l1[ox] * src[rowStart + xs.i1[ox]];
    }
  }

  /**
   * Nearest-neighbour resampling with half-pixel centres: output pixel {@code o} reads source pixel
   * {@code floor((o + 0.5) * in / out)}, so masks stay centred on their objects.
   */
  static byte[] resizeNearest(byte[] src, int h, int w, int outH, int outW) {
    int[] xs = new int[outW];
    for (int ox = 0; ox < outW; ox++) {
      xs[ox] = nearestSource(ox, w, outW);
    }
    byte[] out = new byte[outH * outW];
    for (int oy = 0; oy < outH; oy++) {
      int srcRow = nearestSource(oy, h, outH) * w;
      for (int ox = 0; ox < outW; ox++) {
        out[oy * outW + ox] = src[srcRow + xs[ox]];
      }
    }
    return out;
  }

  private static int nearestSource(int o, int in, int out) {
    return Math.min((int) Math.floor((o + 0.5) * in / out), in - 1);
  }

  /** Source indices and weights of bilinear sampling along one axis. */
  private record Taps(int[] i0, int[] i1, float[] l0, float[] l1) {
    static Taps of(int in, int out) {
      int[] i0 = new int[out];
      int[] i1 = new int[out];
      float[] l0 = new float[out];
      float[] l1 = new float[out];
      float scale = (float) in / out;
      for (int o = 0; o < out; o++) {
        float src = Math.max(scale * (o + 0.5f) - 0.5f, 0f);
        int lo = (int) src;
        i0[o] = lo;
        i1[o] = lo < in - 1 ? lo + 1 : lo;
        l1[o] = src - lo;
        l0[o] = 1f - l1[o];
      }
      return new Taps(i0, i1, l0, l1);
    }
  }
}
