package io.visft.lora.kernels;

import java.nio.FloatBuffer;

/**
 * Row access to a weight held in a {@code float[]} or a {@link FloatBuffer}, so that the merge
 * kernel copies rows in and out the same way for both. Offsets are in floats from the start of the
 * weight. Implementations use absolute reads and writes only, so disjoint rows may be copied from
 * several threads at once.
 */
sealed interface WeightRows {

  /** {@code dst[from, from + length) = W[offset, offset + length)}. */
  void read(int offset, float[] dst, int from, int length);

  /** {@code W[offset, offset + length) = src[from, from + length)}. */
  void write(int offset, float[] src, int from, int length);

  /** A weight in a heap array. */
  record OfArray(float[] weight) implements WeightRows {
    @Override
    public void read(int offset, float[] dst, int from, int length) {
      System.arraycopy(weight, offset, dst, from, length);
    }

    @Override
    public void write(int offset, float[] src, int from, int length) {
      System.arraycopy(src, from, weight, offset, length);
    }
  }

  /** A weight starting at {@code base} in a buffer of any kind and byte order. */
  record OfBuffer(FloatBuffer weight, int base) implements WeightRows {
    @Override
    public void read(int offset, float[] dst, int from, int length) {
      weight.get(base + offset, dst, from, length);
    }

    @Override
    public void write(int offset, float[] src, int from, int length) {
      weight.put(base + offset, src, from, length);
    }
  }
}
