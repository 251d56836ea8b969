package io.visft.heads.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CiderDTest {

  @Test
  void exactMatchOfTwoWordCaptionsScoresFive() {
    // Every n-gram has df 1 of 2 images, idf ln 2. Orders 1 and 2 have cosine 1, orders 3 and 4
    // are empty: 10 * (1 + 1 + 0 + 0) / 4 = 5.
    CiderDScore<String> s =
        CiderD.score(
            Map.of("p", "a b", "q", "c d"), Map.of("p", List.of("a b"), "q", List.of("c d")));
    assertEquals(5.0, s.perImage().get("p"), 1e-12);
    assertEquals(5.0, s.corpus(), 1e-12);
  }

  @Test
  void repeatedWordsAreClippedAndLengthPenalised() {
    // Candidate "a a b" vs reference "a b", idf ln 2 for everything (df 1, or 0 for "a a").
    // Unigrams: v_c = (2, 1) ln2, v_s = (1, 1) ln2: clipped dot 2, norms sqrt5 * sqrt2.
    // Bigrams: v_c = {"a a", "a b"}, v_s = {"a b"}: dot 1, norms sqrt2 * 1. Trigrams: the
    // reference has none. Length difference 1: penalty exp(-1/72).
    double expected = 10 * (2 / Math.sqrt(10) + 1 / Math.sqrt(2)) / 4 * Math.exp(-1.0 / 72);
    CiderDScore<String> s =
        CiderD.score(
            Map.of("p", "a a b", "q", "c d"), Map.of("p", List.of("a b"), "q", List.of("c d")));
    assertEquals(expected, s.perImage().get("p"), 1e-12);
    assertEquals((expected + 5) / 2, s.corpus(), 1e-12);
  }

  @Test
  void ngramsInEveryImageCarryNoWeight() {
    // "a" occurs in the references of both images: idf 0, so only the other words count.
    CiderDScore<Integer> s =
        CiderD.score(Map.of(1, "a x", 2, "a"), Map.of(1, List.of("a x"), 2, List.of("a y")));
    assertEquals(0.0, s.perImage().get(2), 1e-12);
    assertEquals(10 * (1 + 1) / 4.0, s.perImage().get(1), 1e-12);
  }

  @Test
  void averagesOverReferences() {
    // Image p: one reference equals the candidate (1, 1, 0, 0 per order), one shares nothing.
    CiderDScore<String> s =
        CiderD.score(
            Map.of("p", "a b", "q", "c d"),
            Map.of("p", List.of("a b", "e f"), "q", List.of("c d")));
    assertEquals(10 * 2 / 4.0 / 2, s.perImage().get("p"), 1e-12);
  }
}
