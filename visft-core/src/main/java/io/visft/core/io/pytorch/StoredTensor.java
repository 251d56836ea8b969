package io.visft.core.io.pytorch;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.util.Arrays;

/**
 * A tensor as torch.save records it: a strided view into a storage. Element {@code [i0, i1, ...]}
 * lives at storage element {@code offset + i0 * stride[0] + i1 * stride[1] + ...}.
 *
 * @param storage the storage viewed
 * @param offset storage element of index {@code [0, 0, ...]}; not negative
 * @param size dimensions, outermost first; empty for a scalar; none negative
 * @param stride storage elements between neighbours along each dimension; none negative
 */
record StoredTensor(StorageRef storage, long offset, long[] size, long[] stride) {

  StoredTensor {
    size = size.clone();
    stride = stride.clone();
  }

  @Override
  public long[] size() {
    return size.clone();
  }

  @Override
  public long[] stride() {
    return stride.clone();
  }

  DType dtype() {
    return storage.dtype();
  }

  long numel() {
    return HostTensor.numel(size);
  }

  /**
   * Storage elements from {@link #offset()} to the last element read, inclusive of both: the extent
   * that must lie inside the storage. Zero for an empty tensor.
   *
   * @throws ArithmeticException if the extent overflows a long
   */
  long extent() {
    if (numel() == 0) {
      return 0;
    }
    long last = 0;
    for (int d = 0; d < size.length; d++) {
      last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
    }
    return last + 1;
  }

  /** True if the elements are laid out row-major without gaps, so the view is one byte range. */
  boolean isContiguous() {
    long expected = 1;
    for (int d = size.length - 1; d >= 0; d--) {
      if (size[d] != 1 && stride[d] != expected) {
        return numel() == 0;
      }
      expected *= size[d];
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredTensor t
        && t.storage.equals(storage)
        && t.offset == offset
        && Arrays.equals(t.size, size)
        && Arrays.equals(t.stride, stride);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * storage.hashCode() + Long.hashCode(offset)) + Arrays.hashCode(size))
        + Arrays.hashCode(stride);
  }

  @Override
  public String toString() {
    return "tensor on storage '"
        + storage.key()
        + "' ("
        + storage.dtype()
        + ", offset "
        + offset
        + ", size "
        + Arrays.toString(size)
        + ", stride "
        + Arrays.toString(stride)
        + ")";
  }
}
