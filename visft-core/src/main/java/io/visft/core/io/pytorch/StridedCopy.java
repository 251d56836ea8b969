package io.visft.core.io.pytorch;

import io.visft.api.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Gathers the elements of a strided view into a new row-major buffer. */
final class StridedCopy {

  private StridedCopy() {}

  /**
   * Copies a strided view into a fresh little-endian heap buffer in row-major order.
   *
   * @param source bytes whose index 0 is the view's element {@code [0, 0, ...]}; must hold every
   *     element the view reads
   * @param elementSize bytes per element
   * @param size dimensions of the view
   * @param stride elements between neighbours along each dimension (0 repeats an element)
   * @return {@code numel(size) * elementSize} bytes, position 0
   */
  static ByteBuffer gather(ByteBuffer source, int elementSize, long[] size, long[] stride) {
    long numel = HostTensor.numel(size);
    byte[] out = new byte[Math.toIntExact(numel * elementSize)];
    if (numel > 0) {
      copyRows(source, elementSize, size, stride, out);
    }
    return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Walks every index but the last with an odometer; the last dimension is one run per row. */
  private static void copyRows(
      ByteBuffer source, int elementSize, long[] size, long[] stride, byte[] out) {
    int rank = size.length;
    int rowLength = rank == 0 ? 1 : Math.toIntExact(size[rank - 1]);
    long innerStride = rank == 0 ? 1 : stride[rank - 1];
    long[] index = new long[Math.max(rank - 1, 0)];
    long base = 0;
    int written = 0;
    while (written < out.length) {
      if (innerStride == 1) {
        source.get(Math.toIntExact(base * elementSize), out, written, rowLength * elementSize);
        written += rowLength * elementSize;
      } else {
        for (int i = 0; i < rowLength; i++) {
          source.get(
              Math.toIntExact((base + i * innerStride) * elementSize), out, written, elementSize);
          written += elementSize;
        }
      }
      for (int d = index.length - 1; d >= 0; d--) {
        index[d]++;
        base += stride[d];
        if (index[d] < size[d]) {
          break;
        }
        base -= index[d] * stride[d];
        index[d] = 0;
      }
    }
  }
}
