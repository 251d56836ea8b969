package io.visft.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CaptionScoresTest {

  private static Map<Integer, List<String>> references() {
    Map<Integer, List<String>> refs = new LinkedHashMap<>();
    refs.put(0, List.of("a b c d"));
    refs.put(1, List.of("e f g h"));
    return refs;
  }

  @Test
  void exactCaptionsScoreBleuOneAndCiderDTen() {
    // Every n-gram occurs in the references of one image of two: idf ln 2 for all of them, and each
    // of the four orders has cosine 1 with no length penalty, so CIDEr-D = 10 · (1 + 1 + 1 + 1) /
    // 4.
    // BLEU-4 is 1 up to the toolkit's 1e-9 smoothing terms.
    Map<Integer, String> candidates = new LinkedHashMap<>();
    candidates.put(0, "a b c d");
    candidates.put(1, "e f g h");
    CaptionScores s = CaptionScores.of(candidates, references());
    assertEquals(1.0, s.bleu4(), 1e-9);
    assertEquals(10.0, s.ciderD(), 1e-12);
  }

  @Test
  void aShortCaptionLosesTheOrdersItLacksAndPaysTheLengthPenalty() {
    // Image 0, "a b" against "a b c d" (idf ln 2 throughout, so it cancels in each cosine):
    // unigrams 2 / (√2 · 2), bigrams 1 / (1 · √3), no trigrams or 4-grams; the length differs by
    // 2 words: exp(−4 / (2 · 6²)). Image 1 scores 10 as above; the corpus score is their mean.
    Map<Integer, String> candidates = new LinkedHashMap<>();
    candidates.put(0, "a b");
    candidates.put(1, "e f g h");
    double image0 = 10 * (1 / Math.sqrt(2) + 1 / Math.sqrt(3)) / 4 * Math.exp(-4.0 / 72);
    assertEquals((image0 + 10) / 2, CaptionScores.of(candidates, references()).ciderD(), 1e-12);
  }
}
