package io.visft.core.eval.zeroshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Top-K and recall@K hits on hand-computed cases, and properties against a sort-based ranking. */
class RankMetricsTest {

  @Test
  void topKCountsTheTrueClassAmongTheBest() {
    double[][] scores = {{0.9, 0.1, 0.5}, {0.2, 0.3, 0.7}, {0.1, 0.2, 0.3}};
    int[] truth = {0, 1, 0};
    assertArrayEquals(new double[] {1, 0, 0}, RankMetrics.topKHits(scores, truth, 1));
    assertArrayEquals(new double[] {1, 1, 0}, RankMetrics.topKHits(scores, truth, 2));
    assertArrayEquals(new double[] {1, 1, 1}, RankMetrics.topKHits(scores, truth, 3));
  }

  @Test
  void tiesGoToTheEarlierCandidate() {
    double[][] scores = {{0.5, 0.5, 0.5}};
    assertArrayEquals(new double[] {1}, RankMetrics.topKHits(scores, new int[] {0}, 1));
    assertArrayEquals(new double[] {0}, RankMetrics.topKHits(scores, new int[] {2}, 2));
  }

  @Test
  void imageToTextFindsAnImageThroughAnyOfItsCaptions() {
    // 2 images, 4 captions: captions 0, 1 describe image 0; captions 2, 3 image 1.
    int[] textImage = {0, 0, 1, 1};
    double[][] scores = {
      {0.1, 0.8, 0.9, 0.2},
      {0.7, 0.6, 0.5, 0.4}
    };
    // Image 0: best caption of its own is 1 at rank 1 (caption 2 ranks first). Image 1: caption 2
    // ranks 2.
    assertArrayEquals(new double[] {0, 0}, RankMetrics.imageToTextHits(scores, textImage, 1));
    assertArrayEquals(new double[] {1, 0}, RankMetrics.imageToTextHits(scores, textImage, 2));
    assertArrayEquals(new double[] {1, 1}, RankMetrics.imageToTextHits(scores, textImage, 3));
  }

  @Test
  void textToImageRanksTheCaptionsOwnImage() {
    int[] textImage = {0, 0, 1, 1};
    double[][] scores = {
      {0.1, 0.8, 0.9, 0.2},
      {0.7, 0.6, 0.5, 0.4}
    };
    assertArrayEquals(new double[] {0, 1, 0, 1}, RankMetrics.textToImageHits(scores, textImage, 1));
    assertArrayEquals(new double[] {1, 1, 1, 1}, RankMetrics.textToImageHits(scores, textImage, 2));
  }

  @Test
  void anImageWithoutCaptionIsAnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RankMetrics.imageToTextHits(new double[][] {{1}, {0}}, new int[] {0}, 1));
    assertTrue(e.getMessage().contains("image 1 has no text"), e.getMessage());
  }

  /** Scores of seven rows over the same classes, and each row's true class. */
  record Ranking(double[][] scores, int[] truth) {
    @Override
    public String toString() {
      return "scores " + Arrays.deepToString(scores) + ", truth " + Arrays.toString(truth);
    }
  }

  /** One to nine classes; scores are multiples of 1/4 in [0, 1), so ties occur. */
  private static Gen<Ranking> rankings() {
    Gen<Double> coarse = integers().between(0, 3).map(q -> q / 4.0);
    return integers()
        .between(1, 9)
        .flatMap(
            classes ->
                in -> {
                  double[][] scores = new double[7][classes];
                  int[] truth = new int[7];
                  for (int i = 0; i < 7; i++) {
                    for (int c = 0; c < classes; c++) {
                      scores[i][c] = coarse.generate(in);
                    }
                    truth[i] = integers().between(0, classes - 1).generate(in);
                  }
                  return new Ranking(scores, truth);
                });
  }

  @Test
  void topKAgreesWithAStableSort() {
    qt().withExamples(60)
        .forAll(rankings(), integers().between(1, 9))
        .checkAssert(
            (ranking, k) -> {
              double[][] scores = ranking.scores();
              int[] truth = ranking.truth();
              int classes = scores[0].length;
              double[] hits = RankMetrics.topKHits(scores, truth, k);
              for (int i = 0; i < 7; i++) {
                double[] row = scores[i];
                Integer[] order =
                    IntStream.range(0, classes)
                        .boxed()
                        .sorted(Comparator.comparingDouble((Integer c) -> -row[c]))
                        .toArray(Integer[]::new);
                int position = Arrays.asList(order).indexOf(truth[i]);
                assertEquals(position < k ? 1 : 0, hits[i], "row " + i);
              }
              double[] wider = RankMetrics.topKHits(scores, truth, k + 1);
              for (int i = 0; i < 7; i++) {
                assertTrue(wider[i] >= hits[i], "top-K hits can only grow with K");
              }
              assertTrue(
                  Arrays.stream(RankMetrics.topKHits(scores, truth, classes)).allMatch(h -> h == 1),
                  "top-all is always a hit");
            });
  }
}
