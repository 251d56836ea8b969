package io.visft.core.eval.zeroshot;

import io.visft.core.eval.ConfidenceInterval;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Image-text retrieval recall, each with its 95% interval (over images for image→text, over
 * captions for text→image).
 *
 * @param imageToText recall@K by K
 * @param textToImage recall@K by K
 */
public record RetrievalResult(
    Map<Integer, ConfidenceInterval> imageToText, Map<Integer, ConfidenceInterval> textToImage) {

  public RetrievalResult {
    imageToText = Collections.unmodifiableMap(new TreeMap<>(imageToText));
    textToImage = Collections.unmodifiableMap(new TreeMap<>(textToImage));
  }
}
