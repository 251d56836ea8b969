package io.visft.heads.metrics;

import io.visft.core.data.geometry.Box;
import io.visft.core.data.mask.Iou;
import io.visft.core.data.mask.Rle;
import java.util.List;

/**
 * The ground truths and detections of one image and one category, ready to match.
 *
 * @param imageIndex position of the image in ascending image-id order
 * @param groundTruths in annotation-file order
 * @param detections by descending score (ties in result-file order), at most the largest
 *     max-detections limit
 */
record EvalCell(int imageIndex, List<GroundTruth> groundTruths, List<Detection> detections) {

  /**
   * A ground-truth object.
   *
   * @param area the annotation's stored area
   * @param mask the mask, or {@code null} for box evaluation
   */
  record GroundTruth(double area, boolean crowd, Box box, Rle mask) {}

  /**
   * A detection.
   *
   * @param area the box area when the result has a box, otherwise the mask area
   * @param mask the mask, or {@code null} for box evaluation
   */
  record Detection(double score, double area, Box box, Rle mask) {}

  /** IoU of every detection with every ground truth, shape {@code [detections, groundTruths]}. */
  double[][] ious(IouType type) {
    boolean[] crowd = new boolean[groundTruths.size()];
    for (int g = 0; g < crowd.length; g++) {
      crowd[g] = groundTruths.get(g).crowd();
    }
    return switch (type) {
      case BBOX ->
          Iou.boxMatrix(
              detections.stream().map(Detection::box).toList(),
              groundTruths.stream().map(GroundTruth::box).toList(),
              crowd);
      case SEGM ->
          Iou.maskMatrix(
              detections.stream().map(Detection::mask).toList(),
              groundTruths.stream().map(GroundTruth::mask).toList(),
              crowd);
    };
  }
}
