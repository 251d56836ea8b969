package io.visft.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SampleOrderTest {

  @Property(tries = 200)
  void everyEpochVisitsEachIndexOnceReproducibly(
      @ForAll @IntRange(min = 1, max = 300) int size, @ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int epoch) {
    int[] order = SampleOrder.permutation(size, seed, epoch, true);
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    assertArrayEquals(IntStream.range(0, size).toArray(), sorted);
    assertArrayEquals(order, SampleOrder.permutation(size, seed, epoch, true));
    assertArrayEquals(IntStream.range(0, size).toArray(), SampleOrder.permutation(size, seed, epoch, false));
  }

  @Property(tries = 100)
  void neighbouringEpochsAndSeedsGiveDifferentOrders(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int epoch) {
    int[] order = SampleOrder.permutation(50, seed, epoch, true);
    assertFalse(Arrays.equals(order, SampleOrder.permutation(50, seed, epoch + 1, true)));
    assertFalse(Arrays.equals(order, SampleOrder.permutation(50, seed + 1, epoch, true)));
  }
}
