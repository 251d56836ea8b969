package io.visft.heads.metrics;

import static io.visft.heads.metrics.Scenes.detection;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoDetection;
import io.visft.core.data.coco.InstanceAnnotation;
import io.visft.core.data.coco.Segmentation;
import io.visft.core.data.geometry.Box;
import io.visft.core.data.mask.PolygonRasterizer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Cases whose summary numbers follow by hand from the protocol. With one relevant ground truth
 * found at precision 1, AP is 1; when only recall 0.5 is reached, 51 of the 101 recall points (0.00
 * to 0.50) see precision p, so AP = p * 51 / 101.
 */
class CocoEvaluatorTest {
  private static final double HALF_RECALL = 51.0 / 101.0;
  private static final double EXACT = 1e-12;

  @Test
  void perfectDetectionScoresOne() {
    CocoDataset truth =
        new Scenes().image(1, 100, 100).category(1).box(1, 1, 10, 10, 50, 50).build();
    CocoSummary summary = bbox(truth, detection(1, 1, 0.9, 10, 10, 50, 50));
    // A 2500-pixel object is medium: the small and large ranges have no ground truth.
    assertArrayEquals(
        new double[] {1, 1, 1, -1, 1, -1, 1, 1, 1, -1, 1, -1}, summary.stats(), EXACT);
  }

  @Test
  void missedObjectHalvesRecall() {
    CocoDataset truth =
        new Scenes()
            .image(1, 100, 100)
            .category(1)
            .box(1, 1, 0, 0, 40, 40)
            .box(1, 1, 50, 50, 40, 40)
            .build();
    CocoSummary summary = bbox(truth, detection(1, 1, 0.9, 0, 0, 40, 40));
    assertEquals(HALF_RECALL, summary.ap(), EXACT);
    assertEquals(0.5, summary.ar100(), EXACT);
  }

  @Test
  void falsePositiveRankedAboveTruePositiveHalvesPrecision() {
    CocoDataset truth =
        new Scenes().image(1, 100, 100).category(1).box(1, 1, 10, 10, 40, 40).build();
    CocoSummary summary =
        bbox(truth, detection(1, 1, 0.9, 60, 60, 30, 30), detection(1, 1, 0.8, 10, 10, 40, 40));
    // Ranked FP, TP: precision [0, 1/2] becomes [1/2, 1/2] after the envelope.
    assertEquals(0.5, summary.ap(), EXACT);
    assertEquals(0.5, summary.ap50(), EXACT);
    assertEquals(0.0, summary.ar1(), EXACT);
    assertEquals(1.0, summary.ar10(), EXACT);
  }

  @Test
  void overlapBetweenThresholdsCountsAtLowThresholdsOnly() {
    CocoDataset truth = new Scenes().image(1, 100, 100).category(1).box(1, 1, 0, 0, 10, 10).build();
    // IoU 64 / 100 = 0.64 passes the thresholds 0.50, 0.55 and 0.60.
    CocoSummary summary = bbox(truth, detection(1, 1, 0.9, 0, 0, 10, 6.4));
    assertEquals(0.3, summary.ap(), EXACT);
    assertEquals(1.0, summary.ap50(), EXACT);
    assertEquals(0.0, summary.ap75(), EXACT);
    assertEquals(0.3, summary.apSmall(), EXACT);
    assertEquals(0.3, summary.ar100(), EXACT);
  }

  @Test
  void crowdRegionAbsorbsDuplicateDetections() {
    CocoDetection[] detections = {
      detection(1, 1, 0.95, 55, 55, 10, 10),
      detection(1, 1, 0.90, 60, 60, 10, 10),
      detection(1, 1, 0.80, 10, 10, 20, 20),
    };
    CocoDataset withCrowd =
        new Scenes()
            .image(1, 100, 100)
            .category(1)
            .box(1, 1, 10, 10, 20, 20)
            .crowd(1, 1, 50, 50, 40, 40)
            .build();
    assertEquals(1.0, bbox(withCrowd, detections).ap(), EXACT);

    CocoDataset withoutCrowd =
        new Scenes()
            .image(1, 100, 100)
            .category(1)
            .box(1, 1, 10, 10, 20, 20)
            .box(1, 1, 50, 50, 40, 40)
            .build();
    // The region is now an object the two detections miss (IoU 1/16): ranked FP, FP, TP.
    assertEquals(HALF_RECALL / 3, bbox(withoutCrowd, detections).ap(), EXACT);
  }

  @Test
  void detectionPrefersRelevantGroundTruthThenFallsBackToCrowd() {
    CocoDataset truth =
        new Scenes()
            .image(1, 100, 100)
            .category(1)
            .box(1, 1, 0, 0, 10, 10)
            .crowd(1, 1, 0, 0, 10, 10)
            .box(1, 1, 50, 50, 10, 10)
            .build();
    CocoSummary summary =
        bbox(truth, detection(1, 1, 0.9, 0, 0, 10, 6.4), detection(1, 1, 0.8, 50, 50, 10, 10));
    // Up to IoU 0.60 the first detection matches the object (AP 1). Above, it falls to the
    // crowd (intersection over its own area is 1) and is ignored, so the second detection
    // alone reaches recall 0.5 at precision 1.
    assertEquals((3 + 7 * HALF_RECALL) / 10, summary.ap(), EXACT);
    assertEquals((3 + 7 * 0.5) / 10, summary.ar100(), EXACT);
  }

  @Test
  void areaRangesFilterGroundTruthAndUnmatchedDetections() {
    CocoDataset truth =
        new Scenes().image(1, 200, 200).category(1).box(1, 1, 0, 0, 100, 100).build();
    CocoSummary summary =
        bbox(truth, detection(1, 1, 0.9, 150, 150, 4, 4), detection(1, 1, 0.5, 0, 0, 100, 100));
    assertEquals(0.5, summary.ap(), EXACT);
    // In the large range the small unmatched detection is ignored rather than a false positive.
    assertEquals(1.0, summary.apLarge(), EXACT);
    assertEquals(-1, summary.apSmall());
    assertEquals(-1, summary.apMedium());
    assertEquals(1.0, summary.arLarge(), EXACT);
  }

  @Test
  void storedAreaNotBoxAreaDecidesTheRange() {
    CocoDataset truth =
        new Scenes()
            .image(1, 100, 100)
            .category(1)
            .object(1, 1, Box.fromXywh(0, 0, 40, 40), 900, false)
            .build();
    CocoSummary summary = bbox(truth, detection(1, 1, 0.9, 0, 0, 40, 40));
    assertEquals(1.0, summary.apSmall(), EXACT);
    assertEquals(-1, summary.apMedium());
  }

  @Test
  void equalScoresKeepResultFileOrder() {
    CocoDataset truth =
        new Scenes().image(1, 100, 100).category(1).box(1, 1, 10, 10, 40, 40).build();
    CocoDetection hit = detection(1, 1, 0.7, 10, 10, 40, 40);
    CocoDetection miss = detection(1, 1, 0.7, 60, 60, 30, 30);
    assertEquals(1.0, bbox(truth, hit, miss).ap(), EXACT);
    assertEquals(0.5, bbox(truth, miss, hit).ap(), EXACT);
  }

  @Test
  void maxDetectionsLimitRecallPerImage() {
    CocoDataset truth =
        new Scenes()
            .image(1, 100, 100)
            .category(1)
            .box(1, 1, 0, 0, 40, 40)
            .box(1, 1, 50, 50, 40, 40)
            .build();
    CocoSummary summary =
        bbox(truth, detection(1, 1, 0.9, 0, 0, 40, 40), detection(1, 1, 0.8, 50, 50, 40, 40));
    assertEquals(0.5, summary.ar1(), EXACT);
    assertEquals(1.0, summary.ar10(), EXACT);
  }

  @Test
  void categoriesWithoutGroundTruthAreLeftOutOfTheMean() {
    CocoDataset truth =
        new Scenes().image(1, 100, 100).category(1).category(2).box(1, 1, 10, 10, 50, 50).build();
    CocoSummary summary =
        bbox(
            truth,
            detection(1, 1, 0.9, 10, 10, 50, 50),
            detection(1, 2, 0.95, 60, 60, 20, 20),
            detection(1, 99, 0.99, 10, 10, 50, 50));
    assertEquals(1.0, summary.ap(), EXACT);
  }

  @Test
  void detectionOfUnknownImageIsRejected() {
    CocoDataset truth =
        new Scenes().image(1, 100, 100).category(1).box(1, 1, 10, 10, 50, 50).build();
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> bbox(truth, detection(2, 1, 0.9, 0, 0, 5, 5)));
    assertEquals(
        "detection #0 refers to image_id 2, which the ground truth (in-memory dataset) does not"
            + " contain; results must only cover ground-truth images",
        error.getMessage());
  }

  @Test
  void maskEvaluationUsesPixelOverlap() {
    double[] square = {10, 10, 50, 10, 50, 50, 10, 50};
    InstanceAnnotation object =
        new InstanceAnnotation(
            1,
            1,
            1,
            Box.fromXywh(10, 10, 40, 40),
            1600,
            false,
            Optional.of(new Segmentation.Polygons(List.of(square))));
    CocoDataset truth =
        CocoDataset.of(
            new Scenes().image(1, 100, 100).build().images(),
            new Scenes().category(1).build().categories(),
            List.of(object),
            List.of());
    // Rows 10..49 of columns 10..37: 28 of 40 columns, IoU 0.7.
    String counts =
        PolygonRasterizer.rasterize(new double[] {10, 10, 38, 10, 38, 50, 10, 50}, 100, 100)
            .toCompressedString();
    CocoDetection mask =
        CocoDetection.ofMask(1, 1, 0.9, new Segmentation.CompressedRle(100, 100, counts));
    CocoSummary summary = new CocoEvaluator(truth, IouType.SEGM).evaluate(List.of(mask));
    assertEquals(0.5, summary.ap(), EXACT);
    assertEquals(1.0, summary.ap50(), EXACT);
    // The same detection as a box (28 x 40 inside 40 x 40) has the same IoU.
    assertEquals(0.5, bbox(truth, detection(1, 1, 0.9, 10, 10, 28, 40)).ap(), EXACT);
  }

  @Test
  void maskOfTheWrongSizeNamesTheDetection() {
    CocoDataset truth = new Scenes().image(1, 100, 100).category(1).build();
    CocoDetection mask =
        CocoDetection.ofMask(1, 1, 0.9, new Segmentation.CompressedRle(5, 5, "62309"));
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> new CocoEvaluator(truth, IouType.SEGM).evaluate(List.of(mask)));
    assertEquals(
        "detection #0: its run-length mask does not have the [height, width] [100, 100] of"
            + " image_id 1; results must be encoded at the image size",
        error.getMessage());
  }

  @Test
  void segmEvaluationNeedsGroundTruthMasks() {
    CocoDataset truth =
        new Scenes().image(1, 100, 100).category(1).box(1, 1, 10, 10, 50, 50).build();
    CocoEvaluator evaluator = new CocoEvaluator(truth, IouType.SEGM);
    assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(List.of()));
  }

  @Test
  void noDetectionsGiveZeroWhereGroundTruthExists() {
    CocoDataset truth =
        new Scenes().image(1, 100, 100).category(1).box(1, 1, 10, 10, 50, 50).build();
    assertArrayEquals(
        new double[] {0, 0, 0, -1, 0, -1, 0, 0, 0, -1, 0, -1}, bbox(truth).stats(), EXACT);
  }

  private static CocoSummary bbox(CocoDataset truth, CocoDetection... detections) {
    return new CocoEvaluator(truth, IouType.BBOX).evaluate(List.of(detections));
  }
}
