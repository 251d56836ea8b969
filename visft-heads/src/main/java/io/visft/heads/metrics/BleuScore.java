package io.visft.heads.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Corpus BLEU-1..4 with the lengths behind the brevity penalty. Immutable.
 *
 * @param cumulative {@code [BLEU-1, BLEU-2, BLEU-3, BLEU-4]}; BLEU-N is the geometric mean of the
 *     clipped precisions of orders 1..N, times the brevity penalty
 * @param candidateLength total words over all candidates
 * @param referenceLength total effective reference length (per image, the reference length closest
 *     to the candidate's)
 */
public record BleuScore(List<Double> cumulative, long candidateLength, long referenceLength) {

  public BleuScore {
    cumulative = List.copyOf(cumulative);
    checkArgument(
        cumulative.size() == Bleu.MAX_N, "expected %s scores, got %s", Bleu.MAX_N, cumulative);
  }

  /** BLEU-N for {@code n} in 1..4. */
  public double bleu(int n) {
    checkArgument(n >= 1 && n <= Bleu.MAX_N, "BLEU order %s is outside [1, %s]", n, Bleu.MAX_N);
    return cumulative.get(n - 1);
  }

  /** BLEU-4, the number usually reported. */
  public double bleu4() {
    return bleu(Bleu.MAX_N);
  }
}
