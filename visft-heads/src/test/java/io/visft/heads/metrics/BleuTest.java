package io.visft.heads.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BleuTest {

  @Test
  void identicalCandidateAndReferenceScoreOne() {
    BleuScore s =
        Bleu.score(Map.of(1, "a man riding a horse"), Map.of(1, List.of("a man riding a horse")));
    for (int n = 1; n <= 4; n++) {
      assertEquals(1.0, s.bleu(n), 1e-9);
    }
    assertEquals(5, s.candidateLength());
    assertEquals(5, s.referenceLength());
  }

  @Test
  void handComputedPrecisions() {
    // Unigrams 5/6, bigrams 3/5, trigrams 1/4 ("on the mat"), no 4-gram; equal lengths.
    BleuScore s =
        Bleu.score(
            Map.of("x", "the cat sat on the mat"), Map.of("x", List.of("the cat is on the mat")));
    assertEquals(5.0 / 6, s.bleu(1), 1e-9);
    assertEquals(Math.sqrt(0.5), s.bleu(2), 1e-9);
    assertEquals(0.5, s.bleu(3), 1e-9);
    // The tiny epsilon keeps BLEU-4 finite: (0.125 * 1e-15 / 3)^(1/4).
    assertEquals(Math.pow(0.125 * 1e-15 / 3, 0.25), s.bleu4(), 1e-12);
  }

  @Test
  void clipsRepeatsToTheBestSingleReference() {
    // "the" appears 3 times; one reference has it twice, the other once: clipped to 2 of 3.
    BleuScore s =
        Bleu.score(Map.of(0, "the the the"), Map.of(0, List.of("the cat the", "the dog on")));
    assertEquals(2.0 / 3, s.bleu(1), 1e-9);
  }

  @Test
  void brevityPenaltyUsesClosestReferenceShorterOnTies() {
    BleuScore shortCandidate =
        Bleu.score(Map.of(0, "the cat"), Map.of(0, List.of("the cat sat on the mat")));
    assertEquals(Math.exp(1 - 6.0 / 2), shortCandidate.bleu(2), 1e-9);
    // Length 5 lies between 4 and 6: the tie goes to 4, so no penalty applies.
    BleuScore tie =
        Bleu.score(Map.of(0, "a b c d e"), Map.of(0, List.of("a b c d e f", "a b c d")));
    assertEquals(4, tie.referenceLength());
    assertEquals(1.0, tie.bleu(1), 1e-9);
  }

  @Test
  void corpusSumsCountsBeforeDividing() {
    // Image 1: 2/2 unigrams; image 2: 1/4. Corpus: 3/6, not the mean of 1 and 1/4.
    BleuScore s =
        Bleu.score(
            Map.of(1, "a b", 2, "c x y z"), Map.of(1, List.of("a b"), 2, List.of("c d e f")));
    assertEquals(0.5, s.bleu(1), 1e-9);
  }

  @Test
  void rejectsMismatchedImages() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Bleu.score(Map.of(1, "a", 2, "b"), Map.of(1, List.of("a"), 3, List.of("c"))));
    assertTrue(
        e.getMessage().contains("only candidates: [2], only references: [3]"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Bleu.score(Map.of(1, "a"), Map.of(1, List.of())));
    assertThrows(IllegalArgumentException.class, () -> Bleu.score(Map.of(), Map.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> Bleu.score(Map.of(1, "a"), Map.of(1, List.of("a"))).bleu(5));
  }
}
