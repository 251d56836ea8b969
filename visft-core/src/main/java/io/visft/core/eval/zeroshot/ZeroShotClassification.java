package io.visft.core.eval.zeroshot;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.FeatureMatrix;

/**
 * Zero-shot classification: each image (or region) takes the class whose text embedding is the most
 * cosine-similar. Stateless and thread-safe.
 */
public final class ZeroShotClassification {
  /** The K of the second reported accuracy (CLIP reports top-1 and top-5). */
  public static final int TOP_K = 5;

  private ZeroShotClassification() {}

  /**
   * @param images {@code [n, E]} image embeddings
   * @param labels {@code [n]} in {@code [0, K)}
   * @param classes {@code [K, E]} one embedding per class, in label order
   * @throws io.visft.api.ShapeException if the widths differ
   */
  public static ZeroShotResult run(FeatureMatrix images, int[] labels, TextEmbeddings classes) {
    checkArgument(
        labels.length == images.rows(), "%s labels for %s images", labels.length, images.rows());
    double[][] scores = CosineScores.of(images, classes.vectors(), classes.source());
    int k = Math.min(TOP_K, classes.texts().size());
    return new ZeroShotResult(
        ConfidenceInterval.of(RankMetrics.topKHits(scores, labels, 1)),
        ConfidenceInterval.of(RankMetrics.topKHits(scores, labels, k)),
        k);
  }
}
