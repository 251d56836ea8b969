package io.visft.core.eval.zeroshot;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Per-query hits of rank-based metrics over a score matrix: top-K accuracy and retrieval recall@K.
 * The rank of a candidate is the number of candidates scored higher, plus those scored equally that
 * come earlier (a stable descending sort), so a hit at K means rank {@code < K}. Stateless and
 * thread-safe.
 */
public final class RankMetrics {
  private RankMetrics() {}

  /**
   * Top-K classification: 1 where the true class ranks among the K best.
   *
   * @param scores {@code [n][classes]}
   * @param truth {@code [n]} in {@code [0, classes)}
   * @param k at least 1
   * @return {@code [n]} of 0 or 1
   */
  public static double[] topKHits(double[][] scores, int[] truth, int k) {
    checkArgument(
        scores.length == truth.length && truth.length > 0,
        "need as many (> 0) score rows as labels, got %s and %s",
        scores.length,
        truth.length);
    checkArgument(k >= 1, "k = %s must be at least 1", k);
    double[] hits = new double[truth.length];
    for (int i = 0; i < truth.length; i++) {
      checkArgument(
          truth[i] >= 0 && truth[i] < scores[i].length,
          "label %s of row %s is outside [0, %s)",
          truth[i],
          i,
          scores[i].length);
      hits[i] = rank(scores[i], truth[i]) < k ? 1 : 0;
    }
    return hits;
  }

  /**
   * Image-to-text recall@K: 1 where any caption of the image ranks among the K best texts.
   *
   * @param scores {@code [images][texts]}
   * @param textImage {@code [texts]}: the image each text describes, in {@code [0, images)}
   * @return {@code [images]} of 0 or 1
   * @throws IllegalArgumentException if an image has no text
   */
  public static double[] imageToTextHits(double[][] scores, int[] textImage, int k) {
    checkShape(scores, textImage, k);
    int[] best = new int[scores.length];
    Arrays.fill(best, Integer.MAX_VALUE);
    for (int t = 0; t < textImage.length; t++) {
      int image = textImage[t];
      checkArgument(
          image >= 0 && image < scores.length,
          "text %s describes image %s, outside [0, %s)",
          t,
          image,
          scores.length);
      best[image] = Math.min(best[image], rank(scores[image], t));
    }
    double[] hits = new double[scores.length];
    for (int i = 0; i < hits.length; i++) {
      checkArgument(
          best[i] != Integer.MAX_VALUE,
          "image %s has no text; every image needs at least one caption",
          i);
      hits[i] = best[i] < k ? 1 : 0;
    }
    return hits;
  }

  /**
   * Text-to-image recall@K: 1 where the text's own image ranks among the K best images.
   *
   * @param scores {@code [images][texts]}
   * @param textImage {@code [texts]}: the image each text describes
   * @return {@code [texts]} of 0 or 1
   */
  public static double[] textToImageHits(double[][] scores, int[] textImage, int k) {
    checkShape(scores, textImage, k);
    double[] column = new double[scores.length];
    double[] hits = new double[textImage.length];
    for (int t = 0; t < textImage.length; t++) {
      checkArgument(
          textImage[t] >= 0 && textImage[t] < scores.length,
          "text %s describes image %s, outside [0, %s)",
          t,
          textImage[t],
          scores.length);
      for (int i = 0; i < scores.length; i++) {
        column[i] = scores[i][t];
      }
      hits[t] = rank(column, textImage[t]) < k ? 1 : 0;
    }
    return hits;
  }

  /** The rank of {@code target} in {@code row} under a stable descending sort. */
  static int rank(double[] row, int target) {
    double score = row[target];
    int rank = 0;
    for (int j = 0; j < row.length; j++) {
      if (row[j] > score || (row[j] == score && j < target)) {
        rank++;
      }
    }
    return rank;
  }

  private static void checkShape(double[][] scores, int[] textImage, int k) {
    checkArgument(
        scores.length > 0 && textImage.length > 0, "need at least one image and one text");
    checkArgument(k >= 1, "k = %s must be at least 1", k);
    for (double[] row : scores) {
      checkArgument(
          row.length == textImage.length,
          "score rows have %s columns for %s texts",
          row.length,
          textImage.length);
    }
  }
}
