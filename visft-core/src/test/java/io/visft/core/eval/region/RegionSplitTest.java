package io.visft.core.eval.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The split by image: every region on exactly one side, no image on both, seeded. */
class RegionSplitTest {

  @Test
  void partitionsRegionsByImage() {
    qt().withExamples(50)
        .forAll(integers().between(2, 40), longs().between(0, 99), doubles().between(0.05, 0.95))
        .checkAssert(
            (regions, seed, testFraction) -> {
              int[] images = new int[regions];
              for (int r = 0; r < regions; r++) {
                images[r] = r * 7 % Math.max(2, regions / 2);
              }
              images[0] = 0;
              images[1] = 1;
              RegionSplit split = RegionSplit.byImage(images, testFraction, seed);
              assertEquals(regions, split.train().length + split.test().length);
              Set<Integer> trainImages =
                  Arrays.stream(split.train())
                      .map(r -> images[r])
                      .boxed()
                      .collect(Collectors.toSet());
              Set<Integer> testImages =
                  Arrays.stream(split.test())
                      .map(r -> images[r])
                      .boxed()
                      .collect(Collectors.toSet());
              assertTrue(
                  trainImages.stream().noneMatch(testImages::contains), "an image on both sides");
              RegionSplit again = RegionSplit.byImage(images, testFraction, seed);
              assertArrayEquals(split.test(), again.test());
            });
  }
}
