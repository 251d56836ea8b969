package io.visft.heads.matching;

import io.visft.api.ShapeException;
import io.visft.core.data.geometry.BoxOps;

/**
 * DETR's matching cost between predicted and ground-truth boxes of one image: {@code C = bboxWeight
 * · L1(cxcywh) + classWeight · (−p(class)) + giouWeight · (−GIoU(xyxy))}.
 *
 * <p>The L1 term is the summed absolute difference of the four normalised {@code (cx, cy, w, h)}
 * coordinates; GIoU is taken after converting both sides to {@code xyxy}. Feed the result to {@link
 * HungarianMatcher#match(double[][])}. Immutable and thread-safe.
 *
 * <p>Weights must be finite, non-negative and not all zero, else {@link
 * io.visft.api.ConfigException}.
 *
 * @param classWeight weight of {@code −p(class)}; DETR uses 1
 * @param bboxWeight weight of the L1 box distance; DETR uses 5
 * @param giouWeight weight of {@code −GIoU}; DETR uses 2
 */
public record DetectionMatchCost(double classWeight, double bboxWeight, double giouWeight) {

  public DetectionMatchCost {
    MatchWeights.check(
        "DetectionMatchCost",
        new String[] {"classWeight", "bboxWeight", "giouWeight"},
        classWeight,
        bboxWeight,
        giouWeight);
  }

  /** The ViSFT/DETR defaults: class 1, L1 5, GIoU 2. */
  public static DetectionMatchCost detr() {
    return new DetectionMatchCost(1, 5, 2);
  }

  /**
   * Builds the cost matrix of one image.
   *
   * @param classProbs softmax probabilities {@code [Q, classes + 1]} (last slot: no object)
   * @param predBoxes predicted boxes {@code [Q, 4]}, normalised {@code cxcywh}
   * @param targetLabels ground-truth classes {@code [T]}, each in {@code [0, classes)}
   * @param targetBoxes ground-truth boxes {@code [T, 4]}, normalised {@code cxcywh}
   * @return cost {@code [Q, T]}; {@code T} may be 0 or exceed {@code Q}
   * @throws ShapeException if the lengths disagree
   * @throws io.visft.api.NumericException if an input is NaN or infinite
   */
  public double[][] cost(
      double[][] classProbs, double[][] predBoxes, int[] targetLabels, double[][] targetBoxes) {
    CostMatrices.checkCounts(
        "classProbs and predBoxes",
        classProbs.length,
        predBoxes.length,
        "targetLabels and targetBoxes",
        targetLabels.length,
        targetBoxes.length);
    double[][] classCost = ClassCost.negativeProbabilities(classProbs, targetLabels);
    double[][] giou =
        BoxOps.generalizedIou(BoxOps.cxcywhToXyxy(predBoxes), BoxOps.cxcywhToXyxy(targetBoxes));
    double[][] cost = new double[predBoxes.length][targetBoxes.length];
    for (int q = 0; q < predBoxes.length; q++) {
      for (int t = 0; t < targetBoxes.length; t++) {
        double l1 = 0;
        for (int k = 0; k < 4; k++) {
          l1 += Math.abs(predBoxes[q][k] - targetBoxes[t][k]);
        }
        cost[q][t] = bboxWeight * l1 + classWeight * classCost[q][t] - giouWeight * giou[q][t];
      }
    }
    return cost;
  }
}
