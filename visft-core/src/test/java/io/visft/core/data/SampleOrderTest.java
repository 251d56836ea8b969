package io.visft.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SampleOrderTest {

  @Test
  void everyEpochVisitsEachIndexOnceReproducibly() {
    qt().withExamples(200)
        .forAll(integers().between(1, 300), longs().all(), integers().between(0, 1000))
        .checkAssert((size, seed, epoch) -> {
          int[] order = SampleOrder.permutation(size, seed, epoch, true);
          int[] sorted = order.clone();
          Arrays.sort(sorted);
          assertArrayEquals(IntStream.range(0, size).toArray(), sorted);
          assertArrayEquals(order, SampleOrder.permutation(size, seed, epoch, true));
          assertArrayEquals(IntStream.range(0, size).toArray(), SampleOrder.permutation(size, seed, epoch, false));
        });
  }

  @Test
  void neighbouringEpochsAndSeedsGiveDifferentOrders() {
    qt().withExamples(100)
        .forAll(longs().all(), integers().between(0, 1000))
        .checkAssert((seed, epoch) -> {
          int[] order = SampleOrder.permutation(50, seed, epoch, true);
          assertFalse(Arrays.equals(order, SampleOrder.permutation(50, seed, epoch + 1, true)));
          assertFalse(Arrays.equals(order, SampleOrder.permutation(50, seed + 1, epoch, true)));
        });
  }
}
