package io.visft.core.data.mask;

import java.util.Arrays;

/**
 * Accumulates pixels in column-major order into canonical run counts: the first run counts
 * background pixels (it may be empty), runs then alternate, and no later run is empty.
 */
final class RunBuilder {
  private int[] counts = new int[8];
  private int size;
  private boolean currentValue;
  private long currentLength;

  /** Appends {@code length} pixels of {@code value}. */
  void append(long length, boolean value) {
    if (length == 0) {
      return;
    }
    if (value != currentValue) {
      push(currentLength);
      currentValue = value;
      currentLength = 0;
    }
    currentLength += length;
  }

  /** Closes the last run and returns the counts; the builder must not be used afterwards. */
  int[] finish() {
    push(currentLength);
    return Arrays.copyOf(counts, size);
  }

  private void push(long length) {
    if (size == counts.length) {
      counts = Arrays.copyOf(counts, size * 2);
    }
    counts[size++] = Math.toIntExact(length);
  }
}
