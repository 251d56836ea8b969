package io.visft.core.data.mnist;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * The content of an IDX file of unsigned bytes: its dimensions and its values in row-major order.
 *
 * <p>Ownership: shares {@code values} without copying; treat it as immutable.
 *
 * @param dims sizes of each dimension, outermost first (images: {@code [count, rows, columns]};
 *     labels: {@code [count]})
 * @param values {@code Π dims} unsigned bytes, row-major
 */
public record IdxArray(int[] dims, byte[] values) {

  public IdxArray {
    long n = 1;
    for (int d : dims) {
      checkArgument(d >= 0, "IDX dimensions must be >= 0, got %s", Arrays.toString(dims));
      n *= d;
    }
    checkArgument(
        values.length == n,
        "IDX dims %s need %s values, got %s",
        Arrays.toString(dims),
        n,
        values.length);
    dims = dims.clone();
  }

  /** A copy of the dimensions. */
  @Override
  public int[] dims() {
    return dims.clone();
  }

  /** Value {@code index} (flat, row-major) as an int in [0, 255]. */
  public int unsigned(int index) {
    return values[index] & 0xFF;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdxArray other
        && Arrays.equals(dims, other.dims)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(dims) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "IdxArray" + Arrays.toString(dims);
  }
}
