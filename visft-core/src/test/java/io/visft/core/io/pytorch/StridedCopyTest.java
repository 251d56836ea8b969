package io.visft.core.io.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.visft.api.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class StridedCopyTest {

  /** A view: sizes and strides of equal rank, each entry 0 to 4. */
  record View(long[] size, long[] stride) {
    @Override
    public String toString() {
      return "size " + Arrays.toString(size) + ", stride " + Arrays.toString(stride);
    }
  }

  private static Gen<View> views() {
    return integers()
        .between(0, 4)
        .flatMap(rank -> entries(rank, 4).zip(entries(rank, 7), View::new));
  }

  private static Gen<long[]> entries(int rank, long max) {
    return lists()
        .of(longs().between(0, max))
        .ofSize(rank)
        .map(l -> l.stream().mapToLong(Long::longValue).toArray());
  }

  /** Element {@code flat} of the view, found by unravelling the row-major index: no odometer. */
  private static long storageIndex(long flat, long[] size, long[] stride) {
    long index = 0;
    for (int d = size.length - 1; d >= 0; d--) {
      index += (flat % size[d]) * stride[d];
      flat /= size[d];
    }
    return index;
  }

  @Test
  void gathersEveryElementOfAStridedView() {
    qt().withExamples(1000)
        .forAll(views(), pick(List.of(1, 2, 4, 8)))
        .checkAssert(
            (view, elementSize) -> {
              long numel = HostTensor.numel(view.size());
              long extent = 1;
              for (int d = 0; d < view.size().length; d++) {
                extent += Math.max(view.size()[d] - 1, 0) * view.stride()[d];
              }
              byte[] storage = new byte[(int) extent * elementSize];
              for (int i = 0; i < storage.length; i++) {
                storage[i] = (byte) (i * 31 + 7);
              }
              byte[] expected = new byte[(int) numel * elementSize];
              for (long flat = 0; flat < numel; flat++) {
                long element = storageIndex(flat, view.size(), view.stride());
                System.arraycopy(
                    storage,
                    (int) element * elementSize,
                    expected,
                    (int) flat * elementSize,
                    elementSize);
              }
              ByteBuffer gathered =
                  StridedCopy.gather(
                      ByteBuffer.wrap(storage), elementSize, view.size(), view.stride());
              byte[] actual = new byte[gathered.remaining()];
              gathered.get(actual);
              assertArrayEquals(expected, actual);
            });
  }

  @Test
  void transposesAMatrix() {
    ByteBuffer storage = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 6; i++) {
      storage.putFloat(i);
    }
    ByteBuffer gathered =
        StridedCopy.gather(storage.flip(), 4, new long[] {3, 2}, new long[] {1, 3});
    float[] values = new float[6];
    gathered.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, values);
  }
}
