package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

/** Classification accuracy. Stateless and thread-safe. */
public final class Accuracy {
  private Accuracy() {}

  /** Per sample, 1 where {@code predicted} equals {@code truth}, else 0. */
  public static double[] hits(int[] predicted, int[] truth) {
    checkArgument(
        predicted.length == truth.length && truth.length > 0,
        "need equally many (> 0) predictions and labels, got %s and %s",
        predicted.length,
        truth.length);
    double[] hits = new double[truth.length];
    for (int i = 0; i < truth.length; i++) {
      hits[i] = predicted[i] == truth[i] ? 1 : 0;
    }
    return hits;
  }

  /** The fraction of {@code predicted} equal to {@code truth}. */
  public static double of(int[] predicted, int[] truth) {
    double right = 0;
    for (double h : hits(predicted, truth)) {
      right += h;
    }
    return right / truth.length;
  }
}
