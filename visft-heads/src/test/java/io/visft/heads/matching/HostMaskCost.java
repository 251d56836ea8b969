package io.visft.heads.matching;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.ShapeException;

/**
 * The mask parts of {@link MaskMatchCost} computed on the host in double precision: the oracle the
 * forward graph's {@code MaskCostGraph} is checked against. Memory beyond the result is {@code
 * O(P)}. Stateless.
 */
public final class HostMaskCost {
  private HostMaskCost() {}

  /**
   * Builds the cost matrix of one image with {@code weights}.
   *
   * @param classProbs softmax probabilities {@code [Q, classes + 1]} (last slot: no object)
   * @param maskLogits predicted mask logits at the sampled points {@code [Q, P]}, {@code P >= 1}
   * @param targetLabels ground-truth classes {@code [T]}, each in {@code [0, classes)}
   * @param targetMasks ground-truth values in [0, 1] at the same points {@code [T, P]}
   * @return cost {@code [Q, T]}; {@code T} may be 0 or exceed {@code Q}
   * @throws ShapeException if the lengths disagree
   * @throws io.visft.api.NumericException if an input is NaN or infinite
   */
  public static double[][] cost(
      MaskMatchCost weights,
      double[][] classProbs,
      double[][] maskLogits,
      int[] targetLabels,
      double[][] targetMasks) {
    CostMatrices.checkCounts(
        "classProbs and maskLogits",
        classProbs.length,
        maskLogits.length,
        "targetLabels and targetMasks",
        targetLabels.length,
        targetMasks.length);
    Parts parts = parts(maskLogits, targetMasks);
    return weights.combine(classProbs, targetLabels, parts.bce(), parts.dice());
  }

  /**
   * The mask parts of the cost.
   *
   * @param bce point-averaged BCE {@code [Q, T]}
   * @param dice dice cost {@code [Q, T]}
   */
  public record Parts(double[][] bce, double[][] dice) {}

  /**
   * The mask parts of the cost from the predicted logits {@code [Q, P]} and the target values in
   * [0, 1] {@code [T, P]} at the same points.
   *
   * @throws ShapeException if the point counts disagree
   * @throws io.visft.api.NumericException if an input is NaN or infinite
   */
  public static Parts parts(double[][] maskLogits, double[][] targetMasks) {
    int points = CostMatrices.columns(maskLogits.length > 0 ? maskLogits : targetMasks);
    CostMatrices.checkFinite("maskLogits", maskLogits, points);
    CostMatrices.checkFinite("targetMasks", targetMasks, points);
    checkArgument(
        points > 0 || (maskLogits.length == 0 && targetMasks.length == 0),
        "masks were sampled at 0 points; sample at least one point per mask");
    checkTargetRange(targetMasks);
    return maskParts(maskLogits, targetMasks, points);
  }

  private static Parts maskParts(double[][] maskLogits, double[][] targetMasks, int points) {
    double[] targetSums = new double[targetMasks.length];
    for (int t = 0; t < targetMasks.length; t++) {
      for (double v : targetMasks[t]) {
        targetSums[t] += v;
      }
    }
    double[][] bce = new double[maskLogits.length][targetMasks.length];
    double[][] dice = new double[maskLogits.length][targetMasks.length];
    double[] sigmoid = new double[points];
    for (int q = 0; q < maskLogits.length; q++) {
      double[] x = maskLogits[q];
      double softplusSum = 0;
      double sigmoidSum = 0;
      for (int p = 0; p < points; p++) {
        // One exponential serves both functions and never overflows: e = exp(-|x|) <= 1. log(1 + e)
        // (an intrinsic) instead of log1p (several times slower here): for e <= 1 its absolute
        // error
        // stays below 2.3e-16, which the point average of a matching cost cannot feel.
        double e = Math.exp(-Math.abs(x[p]));
        softplusSum += Math.max(x[p], 0) + Math.log(1 + e);
        sigmoid[p] = x[p] >= 0 ? 1 / (1 + e) : e / (1 + e);
        sigmoidSum += sigmoid[p];
      }
      for (int t = 0; t < targetMasks.length; t++) {
        double[] y = targetMasks[t];
        double logitDotTarget = 0;
        double overlap = 0;
        for (int p = 0; p < points; p++) {
          logitDotTarget += x[p] * y[p];
          overlap += sigmoid[p] * y[p];
        }
        // y·softplus(-x) + (1 - y)·softplus(x) = softplus(x) - y·x, summed over the points.
        bce[q][t] = (softplusSum - logitDotTarget) / points;
        dice[q][t] = 1 - (2 * overlap + 1) / (sigmoidSum + targetSums[t] + 1);
      }
    }
    return new Parts(bce, dice);
  }

  private static void checkTargetRange(double[][] targetMasks) {
    for (int t = 0; t < targetMasks.length; t++) {
      for (int p = 0; p < targetMasks[t].length; p++) {
        double v = targetMasks[t][p];
        checkArgument(v >= 0 && v <= 1, "targetMasks[%s][%s] = %s is outside [0, 1]", t, p, v);
      }
    }
  }
}
