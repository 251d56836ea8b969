package io.visft.core.data.coco;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.geometry.Box;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a COCO result file: a scored detection of a category in an image, given as a box
 * (for {@code bbox} evaluation), a mask (for {@code segm}), or both.
 *
 * @param imageId the image the detection is in
 * @param categoryId the detected category
 * @param score confidence; higher ranks first
 * @param bbox the box {@code [x, y, width, height]} in pixels
 * @param segmentation the mask, usually a {@link Segmentation.CompressedRle}
 */
public record CocoDetection(
    long imageId,
    long categoryId,
    double score,
    Optional<Box> bbox,
    Optional<Segmentation> segmentation) {

  /** Validates the score and that a box or a mask is given. */
  public CocoDetection {
    Objects.requireNonNull(bbox, "bbox");
    Objects.requireNonNull(segmentation, "segmentation");
    checkArgument(Double.isFinite(score), "detection score %s is not finite", (Double) score);
    checkArgument(
        bbox.isPresent() || segmentation.isPresent(), "a detection needs a box or a segmentation");
  }

  /** A box detection. */
  public static CocoDetection ofBox(long imageId, long categoryId, double score, Box box) {
    return new CocoDetection(imageId, categoryId, score, Optional.of(box), Optional.empty());
  }

  /** A mask detection. */
  public static CocoDetection ofMask(
      long imageId, long categoryId, double score, Segmentation segmentation) {
    return new CocoDetection(
        imageId, categoryId, score, Optional.empty(), Optional.of(segmentation));
  }
}
