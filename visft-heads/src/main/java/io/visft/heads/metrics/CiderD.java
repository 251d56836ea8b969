package io.visft.heads.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CIDEr-D (Vedantam, Zitnick and Parikh, CVPR 2015), the "CIDEr" of the COCO caption toolkit.
 *
 * <p>Each sentence becomes, for every order {@code n = 1..4}, a tf-idf vector over its n-grams:
 * {@code v(g) = count(g) · (ln I − ln max(1, df(g)))}, where {@code I} is the number of images
 * scored together and {@code df(g)} the number of images whose references contain {@code g}. A
 * candidate {@code c} is compared with each reference {@code s} of its image by
 *
 * <pre>
 * sim_n(c, s) = Σ_g min(v_c(g), v_s(g)) · v_s(g) / (‖v_c‖ ‖v_s‖) · exp(−(|c| − |s|)² / (2σ²))
 * </pre>
 *
 * with σ = 6 (the term is 0 when a norm is 0, as in the maintained toolkit; early versions divided
 * 0 by 0 there); the clipping {@code min} keeps repeated words from earning more than the reference
 * holds. The image score is {@code 10 · mean_n mean_s sim_n}, and the corpus score the mean over
 * images. Because the idf comes from the references passed in, scores depend on the whole corpus:
 * score a full split at once, not image by image.
 *
 * <p>Sentences are split on whitespace as given; tokenize both sides the same way beforehand (see
 * {@link Bleu}). Length {@code |c|} is the word count; the toolkit counts bigrams ({@code |c| −
 * 1}), which gives the same differences whenever both sentences have a word, and a sentence without
 * words scores 0 either way. Stateless and thread-safe.
 */
public final class CiderD {

  /** Highest n-gram order. */
  public static final int MAX_N = 4;

  /** Standard deviation, in words, of the Gaussian length penalty. */
  public static final double SIGMA = 6.0;

  /** Factor applied to every image score. */
  public static final double SCALE = 10.0;

  private CiderD() {}

  /**
   * Scores a corpus.
   *
   * @param candidates one generated caption per image id
   * @param references the ground-truth captions per image id, at least one each, the same ids
   * @throws IllegalArgumentException if the id sets differ, the corpus is empty or an image has no
   *     reference
   */
  public static <K> CiderDScore<K> score(
      Map<K, String> candidates, Map<K, ? extends List<String>> references) {
    CaptionCorpus.check(candidates, references);
    Map<K, List<NGramCounts>> refCounts = new LinkedHashMap<>();
    references.forEach(
        (image, refs) ->
            refCounts.put(image, refs.stream().map(r -> NGramCounts.of(r, MAX_N)).toList()));
    Map<String, Integer> documentFrequency = documentFrequency(refCounts.values());
    double logImages = Math.log(references.size());

    Map<K, Double> perImage = new LinkedHashMap<>();
    double sum = 0;
    for (Map.Entry<K, String> entry : candidates.entrySet()) {
      TfIdf candidate =
          new TfIdf(NGramCounts.of(entry.getValue(), MAX_N), documentFrequency, logImages);
      List<NGramCounts> refs = refCounts.get(entry.getKey());
      double total = 0;
      for (NGramCounts r : refs) {
        total += candidate.similarity(new TfIdf(r, documentFrequency, logImages));
      }
      double score = SCALE * total / MAX_N / refs.size();
      perImage.put(entry.getKey(), score);
      sum += score;
    }
    return new CiderDScore<>(sum / candidates.size(), perImage);
  }

  /** For each n-gram, the number of images with at least one reference containing it. */
  private static Map<String, Integer> documentFrequency(Iterable<List<NGramCounts>> images) {
    Map<String, Integer> df = new LinkedHashMap<>();
    for (List<NGramCounts> refs : images) {
      Set<String> seen = new LinkedHashSet<>();
      for (NGramCounts r : refs) {
        for (int n = 1; n <= MAX_N; n++) {
          seen.addAll(r.order(n).keySet());
        }
      }
      seen.forEach(g -> df.merge(g, 1, Integer::sum));
    }
    return df;
  }

  /** The per-order tf-idf vectors of one sentence with their norms. */
  private static final class TfIdf {
    private final List<Map<String, Double>> vectors = new ArrayList<>(MAX_N);
    private final double[] norms = new double[MAX_N];
    private final int words;

    TfIdf(NGramCounts counts, Map<String, Integer> documentFrequency, double logImages) {
      this.words = counts.words();
      for (int n = 1; n <= MAX_N; n++) {
        Map<String, Double> vector = new LinkedHashMap<>();
        double squares = 0;
        for (Map.Entry<String, Integer> g : counts.order(n).entrySet()) {
          int df = documentFrequency.getOrDefault(g.getKey(), 0);
          double weight = g.getValue() * (logImages - Math.log(Math.max(1, df)));
          vector.put(g.getKey(), weight);
          squares += weight * weight;
        }
        vectors.add(vector);
        norms[n - 1] = Math.sqrt(squares);
      }
    }

    /** {@code Σ_n sim_n(this, reference)}: clipped cosine per order times the length penalty. */
    double similarity(TfIdf reference) {
      double delta = words - reference.words;
      double penalty = Math.exp(-(delta * delta) / (2 * SIGMA * SIGMA));
      double total = 0;
      for (int n = 0; n < MAX_N; n++) {
        Map<String, Double> ref = reference.vectors.get(n);
        double dot = 0;
        for (Map.Entry<String, Double> g : vectors.get(n).entrySet()) {
          double r = ref.getOrDefault(g.getKey(), 0.0);
          dot += Math.min(g.getValue(), r) * r;
        }
        double normProduct = norms[n] * reference.norms[n];
        total += (normProduct != 0 ? dot / normProduct : dot) * penalty;
      }
      return total;
    }
  }
}
