package io.visft.heads.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CIDEr-D of a corpus and of each image. Immutable.
 *
 * @param corpus mean of the per-image scores (the number reported as "CIDEr")
 * @param perImage the score of each image's candidate, keyed by image id, in the candidates'
 *     iteration order
 * @param <K> image id type
 */
public record CiderDScore<K>(double corpus, Map<K, Double> perImage) {

  public CiderDScore {
    perImage = Collections.unmodifiableMap(new LinkedHashMap<>(perImage));
  }
}
