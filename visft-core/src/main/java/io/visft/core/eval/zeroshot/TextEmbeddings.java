package io.visft.core.eval.zeroshot;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.ConfigException;
import io.visft.core.eval.FeatureMatrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text embeddings in the joint image-text space, one row per text: class names (one averaged row
 * per class, see {@link PromptTemplates}) or captions.
 *
 * <p>Immutable (the matrix is shared, not copied; do not change it); thread-safe.
 *
 * @param texts the text of each row, {@code [N]} (distinct in a {@link TextEmbeddingsFile};
 *     captions may repeat, and {@link #rowsOf} then finds the last)
 * @param vectors {@code [N, E]}
 * @param source where the rows came from (a file or a text tower), named in error messages
 */
public record TextEmbeddings(List<String> texts, FeatureMatrix vectors, String source) {

  public TextEmbeddings {
    texts = List.copyOf(texts);
    checkArgument(
        texts.size() == vectors.rows(),
        "%s texts for %s embedding rows from %s",
        texts.size(),
        vectors.rows(),
        source);
  }

  /** E, the embedding width. */
  public int dim() {
    return vectors.dim();
  }

  /**
   * The rows of {@code wanted}, in that order, {@code [wanted.size(), E]}; a text may be wanted
   * more than once.
   *
   * @param what what the wanted texts are, for the error message (e.g. {@code class name})
   * @throws ConfigException naming every wanted text that has no row, and the source
   */
  public FeatureMatrix rowsOf(List<String> wanted, String what) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      index.put(texts.get(i), i);
    }
    int[] rows = new int[wanted.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      Integer row = index.get(wanted.get(i));
      if (row == null) {
        missing.add(wanted.get(i));
      } else {
        rows[i] = row;
      }
    }
    if (!missing.isEmpty()) {
      throw new ConfigException(
          "the text embeddings from "
              + source
              + " have no row for "
              + missing.size()
              + " "
              + what
              + "(s) "
              + quoteFirst(missing)
              + "; they hold "
              + texts.size()
              + " texts, e.g. "
              + quoteFirst(texts)
              + ". Write the file with exactly these "
              + what
              + "s (case and spaces matter), or use a text tower");
    }
    return vectors.select(rows);
  }

  private static String quoteFirst(List<String> values) {
    List<String> shown =
        values.subList(0, Math.min(5, values.size())).stream().map(v -> "'" + v + "'").toList();
    return shown
        + (values.size() > shown.size() ? " and " + (values.size() - shown.size()) + " more" : "");
  }
}
