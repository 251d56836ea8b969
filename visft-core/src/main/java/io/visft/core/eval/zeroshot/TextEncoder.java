package io.visft.core.eval.zeroshot;

import io.visft.core.eval.FeatureMatrix;
import java.util.List;

/**
 * A text tower: texts to embeddings in the joint image-text space (e.g. CLIP's text transformer
 * with its projection). Whether an implementation is thread-safe is said by each.
 */
public interface TextEncoder {

  /**
   * @param texts N texts, at least one
   * @return {@code [N, E]} embeddings, not normalised (a new matrix owned by the caller)
   */
  FeatureMatrix encode(List<String> texts);

  /** What this encoder is (e.g. its model file), for error messages. */
  String describe();
}
