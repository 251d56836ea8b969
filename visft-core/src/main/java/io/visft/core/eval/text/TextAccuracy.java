package io.visft.core.eval.text;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Scores per-position predictions against the truth, both {@code [words][positions]} classes with
 * {@code blank} meaning "no character". Stateless and thread-safe.
 */
public final class TextAccuracy {
  private TextAccuracy() {}

  /**
   * One 0/1 sample per position where the truth or the prediction has a character (positions where
   * both are blank are not counted): 1 when the two agree. A missed character and an extra one each
   * count as an error.
   */
  public static double[] characterHits(int[][] predicted, int[][] truth, int blank) {
    checkShapes(predicted, truth);
    int counted = 0;
    for (int i = 0; i < truth.length; i++) {
      for (int p = 0; p < truth[i].length; p++) {
        counted += truth[i][p] != blank || predicted[i][p] != blank ? 1 : 0;
      }
    }
    double[] hits = new double[counted];
    int k = 0;
    for (int i = 0; i < truth.length; i++) {
      for (int p = 0; p < truth[i].length; p++) {
        if (truth[i][p] != blank || predicted[i][p] != blank) {
          hits[k++] = predicted[i][p] == truth[i][p] ? 1 : 0;
        }
      }
    }
    return hits;
  }

  /** One 0/1 sample per word: 1 when every position (blanks included) is right. */
  public static double[] wordHits(int[][] predicted, int[][] truth) {
    checkShapes(predicted, truth);
    double[] hits = new double[truth.length];
    for (int i = 0; i < truth.length; i++) {
      hits[i] = Arrays.equals(predicted[i], truth[i]) ? 1 : 0;
    }
    return hits;
  }

  private static void checkShapes(int[][] predicted, int[][] truth) {
    checkArgument(
        predicted.length == truth.length && truth.length > 0,
        "need equally many (> 0) predicted and true words, got %s and %s",
        predicted.length,
        truth.length);
    for (int i = 0; i < truth.length; i++) {
      checkArgument(
          predicted[i].length == truth[i].length,
          "word %s: %s predicted positions, %s true",
          i,
          predicted[i].length,
          truth[i].length);
    }
  }
}
