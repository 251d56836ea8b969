package io.visft.heads.metrics;

import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoDetection;
import io.visft.heads.metrics.EvalProtocol.AreaRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COCO detection and instance-segmentation evaluation, reproducing the official protocol
 * (pycocotools' {@code COCOeval} with default parameters):
 *
 * <ul>
 *   <li>IoU thresholds .50:.05:.95, 101 recall points, area ranges all / small (up to 32²) / medium
 *       (32² to 96²) / large (from 96²) with both ends inclusive, 1, 10 and 100 detections per
 *       image;
 *   <li>box IoU with areas {@code w * h}; mask IoU on run-length masks; against crowd ground
 *       truths, intersection over detection area;
 *   <li>per image and category, detections ranked by score with a stable sort (ties keep result
 *       file order), capped at 100, and matched greedily; a ground truth is ignored when it is a
 *       crowd or its stored {@code area} is outside the range (as in the official code, an {@code
 *       ignore} key in the file has no effect); detections matched to ignored ground truths, and
 *       unmatched detections whose area is outside the range, are ignored;
 *   <li>precision made monotone from the right and read at the recall points with a left binary
 *       search (0 beyond the last recall reached); categories without relevant ground truth are
 *       left out of the means.
 * </ul>
 *
 * <p>Detections of categories the ground truth does not define are dropped (logged); a detection of
 * an image the ground truth does not contain is an error. Immutable and thread-safe; {@link
 * #evaluate} may run concurrently.
 */
public final class CocoEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(CocoEvaluator.class);

  private final CocoDataset groundTruth;
  private final IouType iouType;

  /**
   * @param groundTruth instance annotations; for {@link IouType#SEGM} every instance needs a
   *     segmentation
   * @param iouType boxes or masks
   */
  public CocoEvaluator(CocoDataset groundTruth, IouType iouType) {
    this.groundTruth = Objects.requireNonNull(groundTruth, "groundTruth");
    this.iouType = Objects.requireNonNull(iouType, "iouType");
  }

  /**
   * Scores detections against the ground truth.
   *
   * @param detections results in file order (the order breaks score ties)
   * @return the twelve summary numbers
   * @throws IllegalArgumentException if a detection names an image absent from the ground truth, or
   *     a mask is missing or has the wrong size for {@link IouType#SEGM}
   */
  public CocoSummary evaluate(List<CocoDetection> detections) {
    EvalCells cells = EvalCells.prepare(groundTruth, detections, iouType);
    if (cells.droppedDetections() > 0) {
      LOG.warn(
          "Dropped {} of {} detections whose category is not in {}",
          cells.droppedDetections(),
          detections.size(),
          groundTruth.source());
    }
    PrecisionRecallTable table = new PrecisionRecallTable(cells.categories());
    for (int k = 0; k < cells.categories(); k++) {
      List<EvalCell> category = cells.category(k);
      if (category.isEmpty()) {
        continue;
      }
      List<double[][]> ious = category.stream().map(cell -> cell.ious(iouType)).toList();
      for (AreaRange range : AreaRange.values()) {
        List<ImageEvaluation> images = new ArrayList<>(category.size());
        for (int i = 0; i < category.size(); i++) {
          images.add(ImageMatcher.match(category.get(i), ious.get(i), range));
        }
        for (int m = 0; m < EvalProtocol.MAX_DETECTIONS.length; m++) {
          table.accumulate(images, k, range, m);
        }
      }
    }
    CocoSummary summary = CocoSummary.of(table);
    LOG.info(
        "COCO {} evaluation of {} detections on {} images: AP {}",
        iouType.cocoName(),
        detections.size(),
        groundTruth.images().size(),
        summary.ap());
    return summary;
  }
}
