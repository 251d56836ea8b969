package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.runtime.RuntimeOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Few-shot and full probes on Gaussian clusters whose separation is known. */
class FewShotEvaluationTest {
  private static final int CLASSES = 6;
  private static final int PER_CLASS = 20;
  private static final int DIM = 8;

  private static FeatureMatrix clusters(double noise, int[] labels, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] centers = new float[CLASSES * DIM];
    for (int i = 0; i < centers.length; i++) {
      centers[i] = (float) random.nextGaussian();
    }
    float[] values = new float[labels.length * DIM];
    for (int r = 0; r < labels.length; r++) {
      for (int c = 0; c < DIM; c++) {
        values[r * DIM + c] =
            5 + centers[labels[r] * DIM + c] + (float) (noise * random.nextGaussian());
      }
    }
    return new FeatureMatrix(labels.length, DIM, values);
  }

  private static int[] labels() {
    int[] labels = new int[CLASSES * PER_CLASS];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % CLASSES;
    }
    return labels;
  }

  @Test
  void separatedClustersAreClassifiedAndResultsRepeatBySeed() {
    int[] labels = labels();
    FeatureMatrix features = clusters(0.2, labels, 1);
    FewShotConfig config = new FewShotConfig(5, 2, 5, 8, 11, 1);
    FewShotResult a =
        FewShotEvaluation.run(
            features, labels, config, new LinearProbeConfig(50, 0.1, 1e-4), RuntimeOptions.cpu());
    FewShotResult b =
        FewShotEvaluation.run(
            features, labels, config, new LinearProbeConfig(50, 0.1, 1e-4), RuntimeOptions.cpu());
    assertTrue(a.knn().mean() > 0.95, "k-NN accuracy " + a.knn());
    assertTrue(a.linearProbe().mean() > 0.95, "probe accuracy " + a.linearProbe());
    assertEquals(a, b);
    assertEquals(8, a.knn().samples());
  }

  @Test
  void noiseOnlyFeaturesStayNearChance() {
    int[] labels = labels();
    FeatureMatrix features = clusters(50, labels, 2);
    FewShotResult r =
        FewShotEvaluation.run(
            features,
            labels,
            new FewShotConfig(5, 1, 10, 20, 3, 1),
            new LinearProbeConfig(30, 0.1, 1e-4),
            RuntimeOptions.cpu());
    assertTrue(Math.abs(r.knn().mean() - 0.2) < 0.1, "chance is 0.2, got " + r.knn());
  }

  @Test
  void fullProbeSeparatesClusters() {
    int[] labels = labels();
    FeatureMatrix train = clusters(0.3, labels, 4);
    FeatureMatrix test = clusters(0.3, labels, 4);
    LinearProbeResult r =
        LinearProbeEvaluation.run(
            train,
            labels,
            test,
            labels,
            CLASSES,
            new LinearProbeConfig(100, 0.1, 1e-4),
            RuntimeOptions.cpu());
    assertTrue(r.accuracy().mean() > 0.95, "accuracy " + r.accuracy());
    assertTrue(r.trainLoss() < 0.5, "loss " + r.trainLoss());
    assertEquals(CLASSES * PER_CLASS, r.accuracy().samples());
  }
}
