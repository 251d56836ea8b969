package io.visft.core.data.mask;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.geometry.Box;
import java.util.List;

/**
 * Intersection over union of boxes and masks with the COCO API's conventions.
 *
 * <p>Against a crowd ground truth the denominator is the detection's own area (intersection over
 * detection), so any detection lying inside a crowd region scores 1. Mask IoU is only computed
 * where the masks' bounding boxes overlap; elsewhere it is 0.
 *
 * <p>Stateless and thread-safe.
 */
public final class Iou {

  private Iou() {}

  /** IoU of two boxes (areas {@code w * h}); against a crowd box, intersection over dt area. */
  public static double of(Box dt, Box gt, boolean gtIsCrowd) {
    double overlapWidth = Math.min(dt.x1(), gt.x1()) - Math.max(dt.x0(), gt.x0());
    if (overlapWidth <= 0) {
      return 0;
    }
    double overlapHeight = Math.min(dt.y1(), gt.y1()) - Math.max(dt.y0(), gt.y0());
    if (overlapHeight <= 0) {
      return 0;
    }
    double intersection = overlapWidth * overlapHeight;
    double union = gtIsCrowd ? dt.area() : dt.area() + gt.area() - intersection;
    return intersection / union;
  }

  /**
   * IoU of two masks of one size; against a crowd mask, intersection over dt area.
   *
   * @throws IllegalArgumentException if the sizes differ
   */
  public static double of(Rle dt, Rle gt, boolean gtIsCrowd) {
    checkArgument(
        dt.height() == gt.height() && dt.width() == gt.width(),
        "detection mask has size [%s, %s] but ground-truth mask has [%s, %s]; both must be the"
            + " image size",
        dt.height(),
        dt.width(),
        gt.height(),
        gt.width());
    double boxIou = of(dt.toBbox(), gt.toBbox(), gtIsCrowd);
    if (boxIou <= 0) {
      return boxIou;
    }
    long[] intersectionAndUnion = new long[2];
    RunPairWalker.walk(
        dt.countsView(),
        gt.countsView(),
        (length, inDt, inGt) -> {
          if (inDt && inGt) {
            intersectionAndUnion[0] += length;
          }
          if (inDt || inGt) {
            intersectionAndUnion[1] += length;
          }
        });
    long intersection = intersectionAndUnion[0];
    if (intersection == 0) {
      return 0;
    }
    long union = gtIsCrowd ? dt.area() : intersectionAndUnion[1];
    return (double) intersection / union;
  }

  /**
   * Box IoUs of every detection against every ground truth, shape {@code [dts, gts]}.
   *
   * @param gtIsCrowd one flag per ground truth
   */
  public static double[][] boxMatrix(List<Box> dts, List<Box> gts, boolean[] gtIsCrowd) {
    return matrix(dts, gts, gtIsCrowd, Iou::of);
  }

  /**
   * Mask IoUs of every detection against every ground truth, shape {@code [dts, gts]}.
   *
   * @param gtIsCrowd one flag per ground truth
   * @throws IllegalArgumentException if the mask sizes differ
   */
  public static double[][] maskMatrix(List<Rle> dts, List<Rle> gts, boolean[] gtIsCrowd) {
    return matrix(dts, gts, gtIsCrowd, Iou::of);
  }

  private interface PairIou<T> {
    double of(T dt, T gt, boolean gtIsCrowd);
  }

  private static <T> double[][] matrix(
      List<T> dts, List<T> gts, boolean[] gtIsCrowd, PairIou<T> pairIou) {
    checkArgument(
        gtIsCrowd.length == gts.size(),
        "got %s crowd flags for %s ground truths; expected one per ground truth",
        gtIsCrowd.length,
        gts.size());
    double[][] ious = new double[dts.size()][gts.size()];
    for (int d = 0; d < dts.size(); d++) {
      for (int g = 0; g < gts.size(); g++) {
        ious[d][g] = pairIou.of(dts.get(d), gts.get(g), gtIsCrowd[g]);
      }
    }
    return ious;
  }
}
