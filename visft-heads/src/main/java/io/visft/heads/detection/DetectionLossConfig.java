package io.visft.heads.detection;

import io.visft.api.ConfigException;
import io.visft.heads.matching.DetectionMatchCost;
import java.util.Objects;

/**
 * Weights of DETR's set loss and of the matching cost that pairs queries with targets.
 *
 * <p>Per decoder layer the loss is {@code classWeight · CE + bboxWeight · L1 + giouWeight · (1 −
 * GIoU)}, where CE is the cross-entropy over every query with the no-object slot weighted {@code
 * noObjectWeight} (a weighted mean, as {@code torch.nn.functional.cross_entropy(..., weight=)}),
 * and the L1 and GIoU terms are summed over the matched pairs of the batch and divided by the
 * number of target boxes (at least 1). The head's loss is the sum over all decoder layers.
 *
 * @param classWeight weight of the cross-entropy, 1 in DETR and ViSFT
 * @param bboxWeight weight of the L1 distance of normalised {@code (cx, cy, w, h)}, 5
 * @param giouWeight weight of {@code 1 − GIoU}, 2
 * @param noObjectWeight class weight of the no-object slot in the cross-entropy, 0.1; must be
 *     positive, or an image without boxes would divide 0 by 0
 * @param matchCost the Hungarian matching cost, {@link DetectionMatchCost#detr()} (1, 5, 2)
 */
public record DetectionLossConfig(
    double classWeight,
    double bboxWeight,
    double giouWeight,
    double noObjectWeight,
    DetectionMatchCost matchCost) {

  public DetectionLossConfig {
    nonNegative("classWeight", classWeight, 1);
    nonNegative("bboxWeight", bboxWeight, 5);
    nonNegative("giouWeight", giouWeight, 2);
    if (classWeight == 0 && bboxWeight == 0 && giouWeight == 0) {
      throw new ConfigException(
          "DetectionLossConfig: classWeight, bboxWeight and giouWeight are all 0, so the loss is"
              + " constant; DETR uses 1, 5 and 2");
    }
    if (!(noObjectWeight > 0) || Double.isInfinite(noObjectWeight)) {
      throw new ConfigException(
          String.format(
              "DetectionLossConfig.noObjectWeight = %s: must be finite and > 0 (a batch without"
                  + " boxes would otherwise have no weighted term); DETR uses 0.1",
              noObjectWeight));
    }
    Objects.requireNonNull(matchCost, "matchCost; use DetectionMatchCost.detr()");
  }

  /** DETR's and ViSFT's weights: CE 1, L1 5, GIoU 2, no-object 0.1, matching cost (1, 5, 2). */
  public static DetectionLossConfig detr() {
    return new DetectionLossConfig(1, 5, 2, 0.1, DetectionMatchCost.detr());
  }

  private static void nonNegative(String field, double value, double detr) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ConfigException(
          String.format(
              "DetectionLossConfig.%s = %s: must be finite and >= 0; DETR uses %s",
              field, value, detr));
    }
  }
}
