package io.visft.heads.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU as the COCO caption evaluation toolkit computes it (its {@code Bleu(4)} scorer with
 * the {@code "closest"} reference length).
 *
 * <p>For each image with candidate {@code c} and references {@code R}:
 *
 * <ul>
 *   <li>clipped matches {@code m_n = Σ_g min(count_c(g), max_{r∈R} count_r(g))} over the
 *       candidate's n-grams {@code g};
 *   <li>possible matches {@code p_n = max(0, |c| − n + 1)};
 *   <li>effective reference length: the {@code |r|} closest to {@code |c|}, the shorter on a tie.
 * </ul>
 *
 * Summing over images ({@code M_n, P_n}, candidate length {@code L}, reference length {@code R}):
 * {@code BLEU-N = (Π_{n≤N} (M_n + 1e-15) / (P_n + 1e-9))^(1/N)}, multiplied by {@code exp(1 − 1/ρ)}
 * when {@code ρ = (L + 1e-15) / (R + 1e-9) < 1}. The tiny and small terms are the toolkit's: they
 * keep a zero count from dividing by zero, so a perfect match scores just under 1.
 *
 * <p>Sentences are split on whitespace and compared as they are; the toolkit first runs the
 * Stanford PTB tokenizer, so tokenize and lower-case both sides the same way beforehand (for
 * example with {@code CaptionTokenizer}, joining the tokens with spaces). Stateless and
 * thread-safe.
 */
public final class Bleu {

  /** Highest n-gram order. */
  public static final int MAX_N = 4;

  private static final double TINY = 1e-15;
  private static final double SMALL = 1e-9;

  private Bleu() {}

  /**
   * Scores a corpus.
   *
   * @param candidates one generated caption per image id
   * @param references the ground-truth captions per image id, at least one each, the same ids
   * @throws IllegalArgumentException if the id sets differ, the corpus is empty or an image has no
   *     reference
   */
  public static <K> BleuScore score(
      Map<K, String> candidates, Map<K, ? extends List<String>> references) {
    CaptionCorpus.check(candidates, references);
    long[] matches = new long[MAX_N];
    long[] possible = new long[MAX_N];
    long candidateLength = 0;
    long referenceLength = 0;
    for (Map.Entry<K, String> entry : candidates.entrySet()) {
      NGramCounts candidate = NGramCounts.of(entry.getValue(), MAX_N);
      List<NGramCounts> refs = new ArrayList<>();
      for (String r : references.get(entry.getKey())) {
        refs.add(NGramCounts.of(r, MAX_N));
      }
      candidateLength += candidate.words();
      referenceLength += closestLength(candidate.words(), refs);
      for (int n = 1; n <= MAX_N; n++) {
        Map<String, Integer> ceiling = maxCounts(refs, n);
        for (Map.Entry<String, Integer> g : candidate.order(n).entrySet()) {
          matches[n - 1] += Math.min(g.getValue(), ceiling.getOrDefault(g.getKey(), 0));
        }
        possible[n - 1] += Math.max(0, candidate.words() - n + 1);
      }
    }
    double ratio = (candidateLength + TINY) / (referenceLength + SMALL);
    double brevity = ratio < 1 ? Math.exp(1 - 1 / ratio) : 1;
    List<Double> cumulative = new ArrayList<>(MAX_N);
    double product = 1;
    for (int n = 1; n <= MAX_N; n++) {
      product *= (matches[n - 1] + TINY) / (possible[n - 1] + SMALL);
      cumulative.add(Math.pow(product, 1.0 / n) * brevity);
    }
    return new BleuScore(cumulative, candidateLength, referenceLength);
  }

  /** The reference length nearest {@code length}; the shorter one on a tie. */
  private static int closestLength(int length, List<NGramCounts> refs) {
    int best = -1;
    for (NGramCounts r : refs) {
      int distance = Math.abs(r.words() - length);
      int bestDistance = Math.abs(best - length);
      if (best < 0 || distance < bestDistance || (distance == bestDistance && r.words() < best)) {
        best = r.words();
      }
    }
    return best;
  }

  /** For each n-gram of order {@code n}, its highest count in any single reference. */
  private static Map<String, Integer> maxCounts(List<NGramCounts> refs, int n) {
    Map<String, Integer> ceiling = new LinkedHashMap<>();
    for (NGramCounts r : refs) {
      r.order(n).forEach((g, count) -> ceiling.merge(g, count, Math::max));
    }
    return ceiling;
  }
}
