package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;

/**
 * The two classifiers of one few-shot episode, fitted on its support set: cosine k-NN over the
 * support rows and a logistic-regression probe, both on features centred on the support mean and
 * scaled to unit norm ({@link FeatureMatrix#centeredUnitRows}). Each query is classified on its
 * own, so queries can be scored in any grouping (in one process, or row by row on Spark executors).
 *
 * <p>Ownership: shares its arrays; treat as immutable, then thread-safe. Serializable.
 *
 * @param center {@code [dim]} the support mean
 * @param support {@code [ways · shots, dim]} the normalised support rows
 * @param supportLabels {@code [ways · shots]} episode labels in {@code [0, ways)}
 * @param neighbours k of the k-NN classifier
 * @param ways number of labels
 * @param probe the logistic regression trained on the normalised support rows
 */
public record EpisodeClassifiers(
    float[] center,
    FeatureMatrix support,
    int[] supportLabels,
    int neighbours,
    int ways,
    LinearClassifier probe)
    implements Serializable {

  public EpisodeClassifiers {
    checkArgument(
        supportLabels.length == support.rows(),
        "%s labels for %s support rows",
        supportLabels.length,
        support.rows());
  }

  /**
   * Fits both classifiers on an episode's support set.
   *
   * @param rawSupport {@code [ways · shots, dim]} embeddings as the backbone gave them
   * @param supportLabels {@code [ways · shots]} episode labels
   * @param regression a probe built for {@code [ways · shots, dim] → ways}
   */
  public static EpisodeClassifiers fit(
      FeatureMatrix rawSupport,
      int[] supportLabels,
      FewShotConfig config,
      LogisticRegression regression) {
    float[] center = rawSupport.columnMeans();
    FeatureMatrix support = rawSupport.centeredUnitRows(center);
    return new EpisodeClassifiers(
        center,
        support,
        supportLabels,
        config.knnNeighbours(),
        config.ways(),
        regression.fit(support, supportLabels));
  }

  /**
   * The k-NN labels of {@code rawQuery [m, dim]} (embeddings as the backbone gave them), {@code
   * [m]}.
   */
  public int[] knn(FeatureMatrix rawQuery) {
    return CosineKnn.predict(
        support, supportLabels, rawQuery.centeredUnitRows(center), neighbours, ways);
  }

  /** The probe's labels of {@code rawQuery [m, dim]}, {@code [m]}. */
  public int[] probe(FeatureMatrix rawQuery) {
    return probe.predict(rawQuery.centeredUnitRows(center));
  }
}
