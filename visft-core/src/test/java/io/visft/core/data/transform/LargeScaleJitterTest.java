package io.visft.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.visft.core.data.image.RgbColor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LargeScaleJitterTest {

  private static final LargeScaleJitter SMALL =
      new LargeScaleJitter(64, 0.1, 2.0, RgbColor.grey(128 / 255f));

  @Test
  void outputIsAlwaysTheTargetSquareWithConsistentTargets() {
    qt().withExamples(60)
        .forAll(integers().between(8, 90), integers().between(8, 90), longs().all())
        .checkAssert(
            (h, w, seed) -> {
              AnnotatedImage out =
                  SMALL.apply(Samples.rectangles(h, w, 3, 4, seed), new SplittableRandom(seed));
              assertEquals(64, out.height());
              assertEquals(64, out.width());
              Samples.assertBoxesInside(out);
              Samples.assertBoxesMatchMasks(out, 0.5 + 1e-4);
            });
  }

  @Test
  void smallScalesPadBottomRightWithGreyAndMarkIt() {
    LargeScaleJitter shrink = new LargeScaleJitter(64, 0.25, 0.25, RgbColor.grey(128 / 255f));
    AnnotatedImage out = shrink.apply(Samples.rectangles(40, 80, 2, 4, 1), new SplittableRandom(1));
    // scale 0.25 of 64 = 16: the 40x80 image fits as 8x16 in the top-left corner.
    assertEquals(64 * 64 - 8 * 16, out.padding().count());
    assertTrue(!out.padding().get(7, 15) && out.padding().get(8, 0) && out.padding().get(0, 16));
    assertEquals(128 / 255f, out.image().get(1, 63, 63), 0f);
  }

  @Test
  void aLargeScaleCropsWithoutPadding() {
    LargeScaleJitter grow = new LargeScaleJitter(64, 2.0, 2.0, RgbColor.grey(0.5f));
    AnnotatedImage out = grow.apply(Samples.rectangles(40, 80, 2, 4, 2), new SplittableRandom(2));
    assertTrue(out.padding().isEmpty());
  }

  @Test
  void theSameSeedGivesTheSameSample() {
    AnnotatedImage in = Samples.rectangles(50, 70, 3, 4, 3);
    assertEquals(
        SMALL.apply(in, new SplittableRandom(9)), SMALL.apply(in, new SplittableRandom(9)));
  }
}
