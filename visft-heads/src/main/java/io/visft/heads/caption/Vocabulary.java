package io.visft.heads.caption;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The word list of a captioning head: four special tokens, then every training word seen at least
 * {@code minCount} times.
 *
 * <p>Index order (stable, part of the saved format):
 *
 * <ol start="0">
 *   <li>{@code <pad>} = {@value #PAD_ID}, so zero-filled batches are padding;
 *   <li>{@code <unk>} = {@value #UNK_ID}, for words below the frequency threshold;
 *   <li>{@code <start>} = {@value #START_ID};
 *   <li>{@code <end>} = {@value #END_ID};
 *   <li>words from index 4, by descending training count, ties in ascending {@link
 *       String#compareTo} order.
 * </ol>
 *
 * <p>Special tokens cannot collide with words: both tokenizers drop or split at {@code <} and
 * {@code >}. The vocabulary remembers the {@link CaptionTokenizer} it was built with, so captions
 * are always split the same way. Immutable and thread-safe.
 */
public final class Vocabulary {

  /** Padding after {@code <end>}; id {@value #PAD_ID}. */
  public static final String PAD = "<pad>";

  /** Stands for any word below the frequency threshold; id {@value #UNK_ID}. */
  public static final String UNK = "<unk>";

  /** First input token of every caption; id {@value #START_ID}. */
  public static final String START = "<start>";

  /** Last target token of every caption; id {@value #END_ID}. */
  public static final String END = "<end>";

  /** Id of {@link #PAD}. */
  public static final int PAD_ID = 0;

  /** Id of {@link #UNK}. */
  public static final int UNK_ID = 1;

  /** Id of {@link #START}. */
  public static final int START_ID = 2;

  /** Id of {@link #END}. */
  public static final int END_ID = 3;

  /** ViSFT's minimum training count for a word to get its own index. */
  public static final int VISFT_MIN_COUNT = 5;

  static final List<String> SPECIALS = List.of(PAD, UNK, START, END);
  private static final Logger LOG = LoggerFactory.getLogger(Vocabulary.class);

  private final CaptionTokenizer tokenizer;
  private final int minCount;
  private final ImmutableList<String> tokens;
  private final ImmutableMap<String, Integer> ids;

  private Vocabulary(CaptionTokenizer tokenizer, int minCount, List<String> tokens) {
    checkArgument(minCount >= 1, "minCount = %s must be >= 1", minCount);
    checkArgument(
        tokens.size() >= SPECIALS.size() && tokens.subList(0, SPECIALS.size()).equals(SPECIALS),
        "tokens must start with %s, found %s",
        SPECIALS,
        tokens.subList(0, Math.min(tokens.size(), SPECIALS.size())));
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      checkArgument(
          i < SPECIALS.size() || tokenizer.tokenize(t).equals(List.of(t)),
          "tokens[%s] = \"%s\" is not a single token under the %s tokenizer",
          i,
          t,
          tokenizer.id());
      Integer earlier = index.putIfAbsent(t, i);
      checkArgument(earlier == null, "tokens[%s] = \"%s\" repeats tokens[%s]", i, t, earlier);
    }
    this.tokenizer = tokenizer;
    this.minCount = minCount;
    this.tokens = ImmutableList.copyOf(tokens);
    this.ids = ImmutableMap.copyOf(index);
  }

  /**
   * Builds a vocabulary from training captions.
   *
   * @param trainingCaptions raw captions of the training split (every caption of every image)
   * @param tokenizer how captions are split into words
   * @param minCount a word is kept when it occurs at least this many times, {@code >= 1}
   */
  public static Vocabulary build(
      Iterable<String> trainingCaptions, CaptionTokenizer tokenizer, int minCount) {
    Map<String, Integer> counts = new HashMap<>();
    for (String caption : trainingCaptions) {
      for (String word : tokenizer.tokenize(caption)) {
        counts.merge(word, 1, Integer::sum);
      }
    }
    List<String> words =
        counts.entrySet().stream()
            .filter(e -> e.getValue() >= minCount)
            .sorted(
                Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(Map.Entry::getKey)
            .toList();
    LOG.info(
        "caption vocabulary: kept {} of {} distinct words (count >= {}), {} entries with specials",
        words.size(),
        counts.size(),
        minCount,
        words.size() + SPECIALS.size());
    return new Vocabulary(
        tokenizer,
        minCount,
        ImmutableList.<String>builder().addAll(SPECIALS).addAll(words).build());
  }

  /** ViSFT's vocabulary: {@link CaptionTokenizer#ALPHANUMERIC_RUNS}, minimum count 5. */
  public static Vocabulary visft(Iterable<String> trainingCaptions) {
    return build(trainingCaptions, CaptionTokenizer.ALPHANUMERIC_RUNS, VISFT_MIN_COUNT);
  }

  /**
   * Restores a vocabulary from its token list (as saved by {@link VocabularyFile}).
   *
   * @throws IllegalArgumentException if the specials are not first in order, a token repeats, or a
   *     word would not survive {@code tokenizer} unchanged; the message names the index
   */
  static Vocabulary of(CaptionTokenizer tokenizer, int minCount, List<String> tokens) {
    return new Vocabulary(tokenizer, minCount, tokens);
  }

  /** Number of entries, specials included: the size of the head's output layer. */
  public int size() {
    return tokens.size();
  }

  /** The index of {@code token}, or {@link #UNK_ID} when it is not in the vocabulary. */
  public int id(String token) {
    return ids.getOrDefault(token, UNK_ID);
  }

  /** Whether {@code token} has its own index. */
  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  /**
   * The token at {@code id}.
   *
   * @throws IllegalArgumentException if {@code id} is outside {@code [0, size())}
   */
  public String token(int id) {
    checkArgument(id >= 0 && id < tokens.size(), "token id %s is outside [0, %s)", id, size());
    return tokens.get(id);
  }

  /** All tokens in index order, specials first. */
  public List<String> tokens() {
    return tokens;
  }

  /** The tokenizer captions must be split with. */
  public CaptionTokenizer tokenizer() {
    return tokenizer;
  }

  /** The minimum training count the vocabulary was built with. */
  public int minCount() {
    return minCount;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary v
        && v.tokenizer == tokenizer
        && v.minCount == minCount
        && v.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * tokenizer.hashCode() + minCount) + tokens.hashCode();
  }

  @Override
  public String toString() {
    return "Vocabulary[" + size() + " tokens, " + tokenizer.id() + ", minCount " + minCount + "]";
  }
}
