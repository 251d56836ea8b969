package io.visft.heads.matching;

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
 * <p>The two mask parts are computed in the forward graph ({@code
 * io.visft.heads.segmentation.MaskCostGraph}) at ViSFT's 12,544 uniformly random points per image,
 * the same for predictions and targets; this record weighs them with the class part. Immutable and
 * thread-safe. Weights must be finite, non-negative and not all zero, else {@link
 * io.visft.api.ConfigException}.
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
   * The whole cost from its mask parts computed elsewhere (e.g. by the forward graph): {@code
   * maskWeight · bce + classWeight · (−p(class)) + diceWeight · dice}.
   *
   * @param bce point-averaged BCE {@code [Q, T]}
   * @param dice dice cost {@code [Q, T]}
   */
  public double[][] combine(
      double[][] classProbs, int[] targetLabels, double[][] bce, double[][] dice) {
    double[][] classCost = ClassCost.negativeProbabilities(classProbs, targetLabels);
    double[][] cost = new double[bce.length][targetLabels.length];
    for (int q = 0; q < bce.length; q++) {
      for (int t = 0; t < targetLabels.length; t++) {
        cost[q][t] =
            maskWeight * bce[q][t] + classWeight * classCost[q][t] + diceWeight * dice[q][t];
      }
    }
    return cost;
  }
}
