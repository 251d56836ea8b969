package io.visft.heads.matching;

import static com.google.common.base.Preconditions.checkArgument;

/** The classification term shared by DETR and Mask2Former matching: {@code -p(target class)}. */
final class ClassCost {

  private ClassCost() {}

  /**
   * {@code cost[q][t] = -probs[q][labels[t]]}, shape {@code [Q, T]}.
   *
   * @param probs softmax probabilities {@code [Q, classes + 1]}, the last slot being "no object"
   * @param labels target classes {@code [T]}, each in {@code [0, classes)}
   */
  static double[][] negativeProbabilities(double[][] probs, int[] labels) {
    int slots = CostMatrices.columns(probs);
    CostMatrices.checkFinite("classProbs", probs, slots);
    for (int q = 0; q < probs.length; q++) {
      for (int k = 0; k < slots; k++) {
        double p = probs[q][k];
        checkArgument(
            p >= 0 && p <= 1,
            "classProbs[%s][%s] = %s is not a probability; pass softmax(logits), not the logits",
            q,
            k,
            p);
      }
    }
    for (int t = 0; t < labels.length; t++) {
      checkArgument(
          probs.length == 0 || (labels[t] >= 0 && labels[t] < slots - 1),
          "targetLabels[%s] = %s is outside [0, %s): classProbs has %s slots and the last is"
              + " 'no object', which a target cannot have",
          t,
          labels[t],
          slots - 1,
          slots);
    }
    double[][] cost = new double[probs.length][labels.length];
    for (int q = 0; q < probs.length; q++) {
      for (int t = 0; t < labels.length; t++) {
        cost[q][t] = -probs[q][labels[t]];
      }
    }
    return cost;
  }
}
