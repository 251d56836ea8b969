package io.visft.heads.matching;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.ShapeException;

/**
 * Mask2Former's matching cost between predicted and ground-truth masks of one image, evaluated on a
 * shared set of sampled points: {@code C = maskWeight · BCE + classWeight · (−p(class)) +
 * diceWeight · dice}.
 *
 * <p>With {@code x} the predicted logits and {@code y} the target values at the {@code P} points:
 *
 * <ul>
 *   <li>{@code BCE[q][t] = (1/P) Σ_p [y·softplus(−x) + (1 − y)·softplus(x)]}, the sigmoid cross
 *       entropy with logits averaged over the points;
 *   <li>{@code dice[q][t] = 1 − (2 Σ_p σ(x)·y + 1) / (Σ_p σ(x) + Σ_p y + 1)}.
 * </ul>
 *
 * <p>Memory beyond the result is {@code O(P)}: no {@code [Q, P]} intermediate is kept, which
 * matters at ViSFT's point count. Sampling the points (ViSFT uses 12,544 uniformly random points
 * per image, the same for predictions and targets) is the caller's job. Immutable and thread-safe.
 * Weights must be finite, non-negative and not all zero, else {@link io.visft.api.ConfigException}.
 *
 * @param classWeight weight of {@code −p(class)}; Mask2Former uses 2
 * @param maskWeight weight of the point-averaged BCE; Mask2Former uses 5
 * @param diceWeight weight of the dice cost; Mask2Former uses 5
 */
public record MaskMatchCost(double classWeight, double maskWeight, double diceWeight) {

  public MaskMatchCost {
    MatchWeights.check(
        "MaskMatchCost",
        new String[] {"classWeight", "maskWeight", "diceWeight"},
        classWeight,
        maskWeight,
        diceWeight);
  }

  /** The ViSFT/Mask2Former defaults: class 2, BCE 5, dice 5. */
  public static MaskMatchCost mask2former() {
    return new MaskMatchCost(2, 5, 5);
  }

  /**
   * Builds the cost matrix of one image.
   *
   * @param classProbs softmax probabilities {@code [Q, classes + 1]} (last slot: no object)
   * @param maskLogits predicted mask logits at the sampled points {@code [Q, P]}, {@code P >= 1}
   * @param targetLabels ground-truth classes {@code [T]}, each in {@code [0, classes)}
   * @param targetMasks ground-truth values in [0, 1] at the same points {@code [T, P]}
   * @return cost {@code [Q, T]}; {@code T} may be 0 or exceed {@code Q}
   * @throws ShapeException if the lengths disagree
   * @throws io.visft.api.NumericException if an input is NaN or infinite
   */
  public double[][] cost(
      double[][] classProbs, double[][] maskLogits, int[] targetLabels, double[][] targetMasks) {
    CostMatrices.checkCounts(
        "classProbs and maskLogits",
        classProbs.length,
        maskLogits.length,
        "targetLabels and targetMasks",
        targetLabels.length,
        targetMasks.length);
    Parts parts = parts(maskLogits, targetMasks);
    return combine(classProbs, targetLabels, parts.bce(), parts.dice());
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

  /**
   * The whole cost from its mask parts computed elsewhere (e.g. by the forward graph):
   * {@code maskWeight · bce + classWeight · (−p(class)) + diceWeight · dice}.
   *
   * @param bce point-averaged BCE {@code [Q, T]}
   * @param dice dice cost {@code [Q, T]}
   */
  public double[][] combine(double[][] classProbs, int[] targetLabels, double[][] bce, double[][] dice) {
    double[][] classCost = ClassCost.negativeProbabilities(classProbs, targetLabels);
    double[][] cost = new double[bce.length][targetLabels.length];
    for (int q = 0; q < bce.length; q++) {
      for (int t = 0; t < targetLabels.length; t++) {
        cost[q][t] = maskWeight * bce[q][t] + classWeight * classCost[q][t] + diceWeight * dice[q][t];
      }
    }
    return cost;
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
        // (an intrinsic) instead of log1p (several times slower here): for e <= 1 its absolute error
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
