package io.visft.heads.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The n-grams of one whitespace-split sentence, counted per order 1..{@code maxN}. An n-gram is
 * keyed by its words joined with single spaces, which is unambiguous because words contain no
 * whitespace.
 *
 * @param byOrder {@code byOrder.get(n - 1)} maps each n-gram to its count
 * @param words number of words in the sentence
 */
record NGramCounts(List<Map<String, Integer>> byOrder, int words) {

  NGramCounts {
    byOrder = List.copyOf(byOrder);
  }

  /** Splits {@code sentence} on runs of whitespace, like Python's {@code str.split()}. */
  static List<String> split(String sentence) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= sentence.length(); i++) {
      boolean boundary = i == sentence.length() || Character.isWhitespace(sentence.charAt(i));
      if (boundary && start >= 0) {
        words.add(sentence.substring(start, i));
        start = -1;
      } else if (!boundary && start < 0) {
        start = i;
      }
    }
    return words;
  }

  /** Counts the n-grams of orders 1..{@code maxN} of {@code sentence}. */
  static NGramCounts of(String sentence, int maxN) {
    List<String> words = split(sentence);
    List<Map<String, Integer>> byOrder = new ArrayList<>(maxN);
    for (int n = 1; n <= maxN; n++) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (int i = 0; i + n <= words.size(); i++) {
        counts.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
      }
      byOrder.add(Collections.unmodifiableMap(counts));
    }
    return new NGramCounts(byOrder, words.size());
  }

  /** The counts of order {@code n} (1-based). */
  Map<String, Integer> order(int n) {
    return byOrder.get(n - 1);
  }
}
