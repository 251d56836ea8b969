package io.visft.examples.train;

import io.visft.heads.metrics.Bleu;
import io.visft.heads.metrics.CiderD;
import java.util.List;
import java.util.Map;

/**
 * The caption metrics of a split, scored over the whole split at once (CIDEr-D's idf comes from all
 * the references).
 *
 * @param bleu4 corpus BLEU-4, in [0, 1]
 * @param ciderD corpus CIDEr-D (the COCO toolkit's "CIDEr"), in [0, 10]
 */
public record CaptionScores(double bleu4, double ciderD) {

  /** Neither score: no caption head was scored. */
  public static final CaptionScores NONE = new CaptionScores(Double.NaN, Double.NaN);

  /**
   * @param candidates one generated caption per image, tokenized and joined with spaces
   * @param references the image's reference captions, tokenized the same way
   */
  public static CaptionScores of(
      Map<Integer, String> candidates, Map<Integer, List<String>> references) {
    return new CaptionScores(
        Bleu.score(candidates, references).bleu4(), CiderD.score(candidates, references).corpus());
  }
}
