package io.visft.heads.segmentation;

import io.visft.api.ConfigException;
import io.visft.heads.matching.MaskMatchCost;

/**
 * Mask2Former's set loss as ViSFT uses it, on every prediction set: {@code classWeight · CE} (the
 * "no object" class weighted {@code noObjectWeight}) {@code + maskWeight · BCE + diceWeight ·
 * dice}, the mask terms on importance-sampled points of the matched masks.
 *
 * @param classWeight weight of the classification loss (2)
 * @param noObjectWeight CE weight of the "no object" class (0.1)
 * @param maskWeight weight of the point-averaged sigmoid BCE (5)
 * @param diceWeight weight of the dice loss (5)
 * @param matchCost the Hungarian matching cost (class 2, BCE 5, dice 5)
 * @param matchPoints uniformly random points per image for matching (12,544)
 * @param trainPoints importance-sampled points per matched mask for the loss (12,544)
 * @param oversampleRatio candidates drawn per kept point (3.0); must be >= 1
 * @param importanceRatio share of the kept points that are the most uncertain candidates (0.75),
 *     the rest uniformly random
 * @param maxInstances ground-truth instances per image the loss graph has room for
 */
public record SegmentationLossConfig(
    double classWeight,
    double noObjectWeight,
    double maskWeight,
    double diceWeight,
    MaskMatchCost matchCost,
    int matchPoints,
    int trainPoints,
    double oversampleRatio,
    double importanceRatio,
    int maxInstances) {

  public SegmentationLossConfig {
    nonNegative("classWeight", classWeight);
    nonNegative("noObjectWeight", noObjectWeight);
    nonNegative("maskWeight", maskWeight);
    nonNegative("diceWeight", diceWeight);
    if (matchCost == null) {
      throw new ConfigException(
          "SegmentationLossConfig.matchCost is null; use MaskMatchCost.mask2former()");
    }
    if (matchPoints <= 0 || trainPoints <= 0 || maxInstances <= 0) {
      throw new ConfigException(
          "SegmentationLossConfig.matchPoints = "
              + matchPoints
              + ", trainPoints = "
              + trainPoints
              + " and maxInstances = "
              + maxInstances
              + " must all be > 0; ViSFT uses 12544 points");
    }
    if (!(oversampleRatio >= 1) || !(importanceRatio >= 0 && importanceRatio <= 1)) {
      throw new ConfigException(
          "SegmentationLossConfig.oversampleRatio = "
              + oversampleRatio
              + " must be >= 1 and importanceRatio = "
              + importanceRatio
              + " in [0, 1]; Mask2Former uses 3.0 and 0.75");
    }
  }

  /** ViSFT's loss with room for {@code maxInstances} objects per image. */
  public static SegmentationLossConfig visft(int maxInstances) {
    return new SegmentationLossConfig(
        2, 0.1, 5, 5, MaskMatchCost.mask2former(), 12544, 12544, 3.0, 0.75, maxInstances);
  }

  /** The same loss sampling {@code matchPoints} and {@code trainPoints} points (small tests). */
  public SegmentationLossConfig withPoints(int matchPoints, int trainPoints) {
    return new SegmentationLossConfig(
        classWeight,
        noObjectWeight,
        maskWeight,
        diceWeight,
        matchCost,
        matchPoints,
        trainPoints,
        oversampleRatio,
        importanceRatio,
        maxInstances);
  }

  private static void nonNegative(String field, double value) {
    if (!(Double.isFinite(value) && value >= 0)) {
      throw new ConfigException(
          "SegmentationLossConfig."
              + field
              + " = "
              + value
              + " must be finite and >= 0; start from SegmentationLossConfig.visft(maxInstances)");
    }
  }
}
