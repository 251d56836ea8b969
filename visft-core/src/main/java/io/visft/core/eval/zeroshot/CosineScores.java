package io.visft.core.eval.zeroshot;

import io.visft.api.ShapeException;
import io.visft.core.eval.FeatureMatrix;

/** Cosine similarities between image and text embeddings. Stateless and thread-safe. */
public final class CosineScores {
  private CosineScores() {}

  /**
   * @param images {@code [I, E]} image embeddings (any norm)
   * @param texts {@code [T, E]} text embeddings (any norm)
   * @param textSource where the text embeddings came from, named in the error message
   * @return {@code [I][T]} cosine similarities, in double precision
   * @throws ShapeException if the widths differ
   */
  public static double[][] of(FeatureMatrix images, FeatureMatrix texts, String textSource) {
    if (images.dim() != texts.dim()) {
      throw new ShapeException(
          "image embeddings have width "
              + images.dim()
              + " but the text embeddings from "
              + textSource
              + " have width "
              + texts.dim()
              + "; zero-shot scoring needs both towers of one CLIP model: "
              + "take image embeddings from the EVA-CLIP visual tower (a checkpoint with visual.head.*, whose head.weight "
              + "[E, D] sets the width) and text embeddings made by that model's text tower");
    }
    double[][] a = UnitRows.of(images);
    double[][] b = UnitRows.of(texts);
    double[][] out = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int t = 0; t < b.length; t++) {
        double dot = 0;
        for (int c = 0; c < images.dim(); c++) {
          dot += a[i][c] * b[t][c];
        }
        out[i][t] = dot;
      }
    }
    return out;
  }
}
