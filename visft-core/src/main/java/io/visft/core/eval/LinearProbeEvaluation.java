package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.runtime.RuntimeOptions;

/**
 * A linear probe on a train/test split of frozen features: both splits are centred on the training
 * mean and scaled to unit norm, a logistic regression is trained on the training split and scored
 * on the test split. Stateless and thread-safe.
 */
public final class LinearProbeEvaluation {
  private LinearProbeEvaluation() {}

  /**
   * @param train {@code [n, dim]} training embeddings
   * @param trainLabels {@code [n]} in {@code [0, classes)}
   * @param test {@code [m, dim]} test embeddings
   * @param testLabels {@code [m]} in {@code [0, classes)}
   * @param classes number of labels, at least 2
   */
  public static LinearProbeResult run(
      FeatureMatrix train,
      int[] trainLabels,
      FeatureMatrix test,
      int[] testLabels,
      int classes,
      LinearProbeConfig probe,
      RuntimeOptions runtime) {
    checkArgument(
        trainLabels.length == train.rows() && testLabels.length == test.rows(),
        "labels do not match feature rows");
    float[] center = train.columnMeans();
    FeatureMatrix x = train.centeredUnitRows(center);
    FeatureMatrix xTest = test.centeredUnitRows(center);
    try (LogisticRegression regression =
        new LogisticRegression(x.rows(), x.dim(), classes, probe, runtime)) {
      LinearClassifier model = regression.fit(x, trainLabels);
      return new LinearProbeResult(
          ConfidenceInterval.of(Accuracy.hits(model.predict(xTest), testLabels)),
          model.crossEntropy(x, trainLabels),
          x.rows());
    }
  }
}
