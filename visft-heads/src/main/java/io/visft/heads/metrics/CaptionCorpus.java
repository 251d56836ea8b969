package io.visft.heads.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.Sets;
import java.util.List;
import java.util.Map;

/** Input checks shared by the caption metrics. */
final class CaptionCorpus {

  private CaptionCorpus() {}

  /**
   * Requires one candidate and at least one reference for the same non-empty set of images.
   *
   * @throws IllegalArgumentException naming the images that break the rule
   */
  static <K> void check(Map<K, String> candidates, Map<K, ? extends List<String>> references) {
    checkArgument(!candidates.isEmpty(), "no candidates to score; pass at least one image");
    checkArgument(
        candidates.keySet().equals(references.keySet()),
        "candidates and references must cover the same images; only candidates: %s, only"
            + " references: %s",
        Sets.difference(candidates.keySet(), references.keySet()),
        Sets.difference(references.keySet(), candidates.keySet()));
    references.forEach(
        (image, refs) ->
            checkArgument(!refs.isEmpty(), "image %s has no reference captions", image));
  }
}
