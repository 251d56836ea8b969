package io.visft.core.eval.zeroshot;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.FeatureMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image-text retrieval as CLIP and the COCO Karpathy protocol score it: cosine similarity between
 * every image and every caption; image→text finds an image when any of its captions ranks in the
 * top K, text→image finds a caption when its own image ranks in the top K. Stateless and
 * thread-safe.
 */
public final class RetrievalEvaluation {
  /** The reported K of recall@K. */
  public static final List<Integer> RECALL_AT = List.of(1, 5, 10);

  private RetrievalEvaluation() {}

  /**
   * @param images {@code [I, E]} image embeddings
   * @param captions {@code [T, E]} caption embeddings
   * @param captionImage {@code [T]}: the image of each caption, in {@code [0, I)}; every image
   *     needs at least one
   * @param captionSource where the caption embeddings came from, named in error messages
   * @throws io.visft.api.ShapeException if the widths differ
   */
  public static RetrievalResult run(
      FeatureMatrix images, FeatureMatrix captions, int[] captionImage, String captionSource) {
    checkArgument(
        captionImage.length == captions.rows(),
        "%s caption-image links for %s captions",
        captionImage.length,
        captions.rows());
    double[][] scores = CosineScores.of(images, captions, captionSource);
    Map<Integer, ConfidenceInterval> i2t = new LinkedHashMap<>();
    Map<Integer, ConfidenceInterval> t2i = new LinkedHashMap<>();
    for (int k : RECALL_AT) {
      i2t.put(k, ConfidenceInterval.of(RankMetrics.imageToTextHits(scores, captionImage, k)));
      t2i.put(k, ConfidenceInterval.of(RankMetrics.textToImageHits(scores, captionImage, k)));
    }
    return new RetrievalResult(i2t, t2i);
  }
}
