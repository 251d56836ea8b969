package io.visft.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationsTest {

  /** The ViSFT detection recipe scaled down 10x so property runs stay fast. */
  private static final DetrAugmentConfig SMALL_DETR =
      new DetrAugmentConfig(
          List.of(48, 51, 54, 57, 60, 64, 67), 67, List.of(40, 50, 60), 38, 60, 80, 0.5, 0.5);

  @Test
  void detectionTrainingKeepsTargetsConsistentAndInside() {
    qt().withExamples(150)
        .forAll(integers().between(20, 90), integers().between(20, 90), longs().all())
        .checkAssert(
            (h, w, seed) -> {
              AnnotatedImage out =
                  Augmentations.detectionTrain(SMALL_DETR, new PatchSnap(7, PatchSnap.eva().fill()))
                      .apply(Samples.rectangles(h, w, 4, 6, seed), new SplittableRandom(seed));
              assertEquals(0, out.height() % 7);
              assertEquals(0, out.width() % 7);
              Samples.assertBoxesInside(out);
              // Two resizes around a crop: each edge moves by at most half a pixel per resize,
              // scaled by the next one.
              Samples.assertBoxesMatchMasks(out, 1.5);
            });
  }

  @Test
  void visftDetectionOutputsStayWithin672AndOnThePatchGrid() {
    ImageTransform train = Augmentations.detectionTrain(DetrAugmentConfig.visft(), PatchSnap.eva());
    ImageTransform eval = Augmentations.detectionEval(DetrAugmentConfig.visft(), PatchSnap.eva());
    AnnotatedImage coco = Samples.rectangles(480, 640, 3, 40, 7);
    for (long seed = 0; seed < 6; seed++) {
      AnnotatedImage out = train.apply(coco, new SplittableRandom(seed));
      assertTrue(Math.max(out.height(), out.width()) <= 672, out.height() + "x" + out.width());
      assertEquals(0, out.height() % 14);
      assertEquals(0, out.width() % 14);
      Samples.assertBoxesInside(out);
    }
    AnnotatedImage evaluated = eval.apply(coco, new SplittableRandom(0));
    assertEquals(504, evaluated.height());
    assertEquals(672, evaluated.width());
  }

  @Test
  void theSameSeedReproducesEveryPipelineAndAnotherSeedDoesNot() {
    AnnotatedImage in = Samples.rectangles(60, 80, 3, 6, 11);
    List<ImageTransform> pipelines =
        List.of(
            Augmentations.detectionTrain(SMALL_DETR, PatchSnap.eva()),
            Augmentations.segmentationTrain(
                new LargeScaleJitter(70, 0.1, 2.0, PatchSnap.eva().fill()), PatchSnap.eva()));
    for (ImageTransform pipeline : pipelines) {
      AnnotatedImage a = pipeline.apply(in, new SplittableRandom(5));
      assertEquals(a, pipeline.apply(in, new SplittableRandom(5)));
      boolean anyDifferent = false;
      for (long seed = 6; seed < 12 && !anyDifferent; seed++) {
        anyDifferent = !a.equals(pipeline.apply(in, new SplittableRandom(seed)));
      }
      assertTrue(anyDifferent, "six other seeds all gave the same output");
    }
  }

  @Test
  void captioningResizesTo256AndSnapsTo266() {
    AnnotatedImage out =
        Augmentations.captioning(FixedResize.captioning(), PatchSnap.eva())
            .apply(Samples.rectangles(30, 50, 1, 5, 3), new SplittableRandom(3));
    assertEquals(266, out.height());
    assertEquals(266, out.width());
    assertEquals(266 * 266 - 256 * 256, out.padding().count());
    assertNotEquals(0, out.instances().size());
  }
}
