package io.visft.heads.caption;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Rules that turn a raw caption into word tokens. Both lower-case first (Unicode, {@link
 * Locale#ROOT}); they differ in how they treat characters that are neither letters nor digits.
 * Stateless and thread-safe.
 */
public enum CaptionTokenizer {

  /**
   * Tokens are maximal runs of letters or digits ({@link Character#isLetterOrDigit(int)}); every
   * other code point separates tokens and is dropped. {@code "A man's T-shirt, 2 dogs."} becomes
   * {@code [a, man, s, t, shirt, 2, dogs]}. The default for ViSFT vocabularies.
   */
  ALPHANUMERIC_RUNS("alphanumeric-runs") {
    @Override
    public List<String> tokenize(String caption) {
      return runs(caption.toLowerCase(Locale.ROOT), Character::isLetterOrDigit);
    }
  },

  /**
   * The rule of the widely used Karpathy COCO split preprocessing: delete the ASCII punctuation
   * characters {@code !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~}, then split on whitespace. {@code "A man's
   * T-shirt, 2 dogs."} becomes {@code [a, mans, tshirt, 2, dogs]}. Other symbols stay inside
   * tokens.
   */
  DELETE_PUNCTUATION("delete-punctuation") {
    @Override
    public List<String> tokenize(String caption) {
      StringBuilder kept = new StringBuilder(caption.length());
      caption
          .toLowerCase(Locale.ROOT)
          .codePoints()
          .filter(c -> ASCII_PUNCTUATION.indexOf(c) < 0)
          .forEach(kept::appendCodePoint);
      return runs(kept.toString(), c -> !Character.isWhitespace(c));
    }
  };

  private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private final String id;

  CaptionTokenizer(String id) {
    this.id = id;
  }

  /** Splits a caption into lower-case word tokens; an empty or all-separator caption gives []. */
  public abstract List<String> tokenize(String caption);

  /** The stable name stored in vocabulary files, e.g. {@code "alphanumeric-runs"}. */
  public String id() {
    return id;
  }

  /**
   * The tokenizer stored under {@code id}.
   *
   * @throws IllegalArgumentException listing the known ids when {@code id} is not one of them
   */
  public static CaptionTokenizer fromId(String id) {
    for (CaptionTokenizer t : values()) {
      if (t.id.equals(id)) {
        return t;
      }
    }
    List<String> known = Arrays.stream(values()).map(CaptionTokenizer::id).toList();
    throw new IllegalArgumentException(
        "unknown tokenizer \"" + id + "\", expected one of " + known);
  }

  /** Maximal runs of code points accepted by {@code inToken}. */
  private static List<String> runs(String text, IntPredicate inToken) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (inToken.test(c)) {
                current.appendCodePoint(c);
              } else if (current.length() > 0) {
                tokens.add(current.toString());
                current.setLength(0);
              }
            });
    if (current.length() > 0) {
      tokens.add(current.toString());
    }
    return List.copyOf(tokens);
  }
}
