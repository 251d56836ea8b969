package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class CosineKnnTest {
  // Two classes along the axes: class 0 near (1, 0), class 1 near (0, 1).
  private static final FeatureMatrix TRAIN =
      new FeatureMatrix(5, 2, new float[] {1, 0.1f, 2, 0.3f, 0.1f, 1, 0.2f, 3, 0.9f, 1});
  private static final int[] LABELS = {0, 0, 1, 1, 0};

  @Test
  void nearestNeighbourUsesTheAngleNotTheLength() {
    FeatureMatrix queries = new FeatureMatrix(3, 2, new float[] {10, 1, 0.01f, 0.5f, 1, 1.2f});
    // (1, 1.2) is closest in angle to (0.9, 1) (label 0), though (0.2, 3) is longer and (0.1, 1) is
    // at 84 degrees.
    assertArrayEquals(new int[] {0, 1, 0}, CosineKnn.predict(TRAIN, LABELS, queries, 1, 2));
  }

  @Test
  void majorityOfThreeOverridesTheNearest() {
    FeatureMatrix query = new FeatureMatrix(1, 2, new float[] {0.8f, 1});
    // nearest is (0.9, 1) label 0; the next two, (0.1, 1) and (0.2, 3), are label 1.
    assertArrayEquals(new int[] {0}, CosineKnn.predict(TRAIN, LABELS, query, 1, 2));
    assertArrayEquals(new int[] {1}, CosineKnn.predict(TRAIN, LABELS, query, 3, 2));
  }

  @Test
  void tiedVotesGoToTheLargerSimilarity() {
    FeatureMatrix train = new FeatureMatrix(2, 2, new float[] {1, 0, 0, 1});
    FeatureMatrix query = new FeatureMatrix(1, 2, new float[] {1, 2});
    assertArrayEquals(new int[] {0}, CosineKnn.predict(train, new int[] {1, 0}, query, 2, 2));
    assertArrayEquals(new int[] {1}, CosineKnn.predict(train, new int[] {0, 1}, query, 2, 2));
  }

  @Test
  void kMustFitTheTrainingSet() {
    assertThrows(
        IllegalArgumentException.class, () -> CosineKnn.predict(TRAIN, LABELS, TRAIN, 6, 2));
  }

  @Test
  void predictionsIgnorePositiveRescaling() {
    qt().withExamples(100)
        .forAll(floats().between(0.01f, 100), integers().between(1, 5))
        .checkAssert(
            (scale, k) -> {
              FeatureMatrix queries = new FeatureMatrix(2, 2, new float[] {0.3f, 0.7f, 2, -1});
              float[] scaled = queries.values().clone();
              for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= scale;
              }
              assertArrayEquals(
                  CosineKnn.predict(TRAIN, LABELS, queries, k, 2),
                  CosineKnn.predict(TRAIN, LABELS, new FeatureMatrix(2, 2, scaled), k, 2));
            });
  }
}
