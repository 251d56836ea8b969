package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.runtime.RuntimeOptions;

/**
 * Few-shot classification on frozen features: for every episode of an {@link EpisodeSampler}, the
 * support and query features are centred on the support mean and scaled to unit norm
 * ({@link FeatureMatrix#centeredUnitRows}), then classified by cosine k-NN and by a logistic
 * regression trained on the support set. Stateless and thread-safe.
 */
public final class FewShotEvaluation {
  private FewShotEvaluation() {}

  /**
   * @param features {@code [n, dim]} one embedding per image
   * @param labels {@code [n]} data set labels
   */
  public static FewShotResult run(FeatureMatrix features, int[] labels, FewShotConfig config, LinearProbeConfig probe,
      RuntimeOptions runtime) {
    checkArgument(labels.length == features.rows(), "%s labels for %s feature rows", labels.length, features.rows());
    EpisodeSampler sampler = new EpisodeSampler(labels, config);
    double[] knn = new double[config.episodes()];
    double[] linear = new double[config.episodes()];
    try (LogisticRegression regression = new LogisticRegression(config.ways() * config.shots(), features.dim(), config.ways(),
        probe, runtime)) {
      for (int e = 0; e < config.episodes(); e++) {
        Episode episode = sampler.episode(e);
        FeatureMatrix rawSupport = features.select(episode.support());
        float[] center = rawSupport.columnMeans();
        FeatureMatrix support = rawSupport.centeredUnitRows(center);
        FeatureMatrix query = features.select(episode.query()).centeredUnitRows(center);
        knn[e] = Accuracy.of(CosineKnn.predict(support, episode.supportLabels(), query, config.knnNeighbours(), config.ways()),
            episode.queryLabels());
        linear[e] = Accuracy.of(regression.fit(support, episode.supportLabels()).predict(query), episode.queryLabels());
      }
    }
    return new FewShotResult(ConfidenceInterval.of(knn), ConfidenceInterval.of(linear));
  }
}
