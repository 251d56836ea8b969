package io.visft.core.eval.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The split by image: every region on exactly one side, no image on both, seeded. */
class RegionSplitTest {

  @Property(tries = 50)
  void partitionsRegionsByImage(@ForAll @IntRange(min = 2, max = 40) int regions, @ForAll @LongRange(min = 0, max = 99) long seed,
      @ForAll @DoubleRange(min = 0.05, max = 0.95) double testFraction) {
    int[] images = new int[regions];
    for (int r = 0; r < regions; r++) {
      images[r] = r * 7 % Math.max(2, regions / 2);
    }
    images[0] = 0;
    images[1] = 1;
    RegionSplit split = RegionSplit.byImage(images, testFraction, seed);
    assertEquals(regions, split.train().length + split.test().length);
    Set<Integer> trainImages = Arrays.stream(split.train()).map(r -> images[r]).boxed().collect(Collectors.toSet());
    Set<Integer> testImages = Arrays.stream(split.test()).map(r -> images[r]).boxed().collect(Collectors.toSet());
    assertTrue(trainImages.stream().noneMatch(testImages::contains), "an image on both sides");
    RegionSplit again = RegionSplit.byImage(images, testFraction, seed);
    assertArrayEquals(split.test(), again.test());
  }
}
