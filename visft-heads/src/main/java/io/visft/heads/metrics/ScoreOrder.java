package io.visft.heads.metrics;

import java.util.Arrays;

/**
 * Ranks detections by descending score with a stable sort, like the reference's {@code
 * argsort(-scores, kind='mergesort')}: equal scores (including {@code 0.0} and {@code -0.0}) keep
 * their input order.
 */
final class ScoreOrder {

  private ScoreOrder() {}

  /** Indices of {@code scores} from highest to lowest score, ties in input order. */
  static int[] descending(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> scores[a] > scores[b] ? -1 : scores[a] < scores[b] ? 1 : 0);
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }
}
