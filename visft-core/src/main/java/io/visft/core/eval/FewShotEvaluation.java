package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.runtime.RuntimeOptions;

/**
 * Few-shot classification on frozen features: for every episode of an {@link EpisodeSampler}, the
 * queries are classified by the episode's {@link EpisodeClassifiers} (cosine k-NN and a logistic
 * regression trained on the support set, on features centred on the support mean and scaled to unit
 * norm). Stateless and thread-safe.
 */
public final class FewShotEvaluation {
  private FewShotEvaluation() {}

  /**
   * @param features {@code [n, dim]} one embedding per image
   * @param labels {@code [n]} data set labels
   */
  public static FewShotResult run(
      FeatureMatrix features,
      int[] labels,
      FewShotConfig config,
      LinearProbeConfig probe,
      RuntimeOptions runtime) {
    checkArgument(
        labels.length == features.rows(),
        "%s labels for %s feature rows",
        labels.length,
        features.rows());
    EpisodeSampler sampler = new EpisodeSampler(labels, config);
    double[] knn = new double[config.episodes()];
    double[] linear = new double[config.episodes()];
    try (LogisticRegression regression =
        new LogisticRegression(
            config.ways() * config.shots(), features.dim(), config.ways(), probe, runtime)) {
      for (int e = 0; e < config.episodes(); e++) {
        Episode episode = sampler.episode(e);
        EpisodeClassifiers classifiers =
            EpisodeClassifiers.fit(
                features.select(episode.support()), episode.supportLabels(), config, regression);
        FeatureMatrix query = features.select(episode.query());
        knn[e] = Accuracy.of(classifiers.knn(query), episode.queryLabels());
        linear[e] = Accuracy.of(classifiers.probe(query), episode.queryLabels());
      }
    }
    return new FewShotResult(ConfidenceInterval.of(knn), ConfidenceInterval.of(linear));
  }
}
