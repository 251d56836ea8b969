package io.visft.lora.format;

import io.visft.core.io.Capped;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression from a file, matched with bounded work. {@link java.util.regex} backtracks,
 * so a key such as {@code (.*)*(.*)*…!} takes exponential time on a 20-character name; the input is
 * wrapped in a sequence that counts character reads and aborts past {@value #MAX_READS}, and
 * counted repetitions (which loop without reading) are bounded up front.
 */
final class BoundedRegex {
  /**
   * Character reads allowed per match: ordinary module-name patterns need well under a thousand.
   */
  static final long MAX_READS = 1_000_000;

  /** Longest pattern accepted; module-name patterns are a few dozen characters. */
  static final int MAX_LENGTH = 1_000;

  /** Largest product of the counts of {@code {n}}/{@code {n,m}} repetitions in one pattern. */
  static final long MAX_REPEATS = 10_000;

  private static final Pattern COUNTED = Pattern.compile("\\{(\\d{1,9})(?:,(\\d{0,9}))?}");
  private static final Pattern HUGE_COUNT = Pattern.compile("\\{\\d{10,}|,\\d{10,}}");

  private final String source;
  private final Pattern pattern;

  private BoundedRegex(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
  }

  /**
   * Compiles {@code regex}.
   *
   * @throws IllegalArgumentException with the reason (a phrase such as {@code is not a valid …})
   *     when it does not compile or its repetitions or length exceed the bounds
   */
  static BoundedRegex compile(String regex) {
    if (regex.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "has " + regex.length() + " characters, more than " + MAX_LENGTH);
    }
    if (HUGE_COUNT.matcher(regex).find()) {
      throw new IllegalArgumentException("has a repetition count of ten digits or more");
    }
    long repeats = 1;
    Matcher m = COUNTED.matcher(regex);
    while (repeats <= MAX_REPEATS && m.find()) {
      long low = Long.parseLong(m.group(1));
      long high = m.group(2) == null || m.group(2).isEmpty() ? low : Long.parseLong(m.group(2));
      repeats *= Math.max(1, Math.max(low, high));
    }
    if (repeats > MAX_REPEATS) {
      throw new IllegalArgumentException(
          "has counted repetitions ({n} / {n,m}) that multiply to more than " + MAX_REPEATS);
    }
    try {
      return new BoundedRegex(regex, Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "is not a valid regular expression: " + e.getDescription(), e);
    } catch (StackOverflowError e) {
      throw new IllegalArgumentException("nests too deeply to compile", e);
    }
  }

  /** The pattern text as given. */
  String source() {
    return source;
  }

  /**
   * Whether the whole of {@code text} matches.
   *
   * @throws IllegalArgumentException when the match needs more than {@value #MAX_READS} character
   *     reads (catastrophic backtracking) or recurses too deeply
   */
  boolean matches(String text) {
    CountingChars chars = new CountingChars(text);
    try {
      return pattern.matcher(chars).matches();
    } catch (TooManyReads e) {
      throw new IllegalArgumentException(
          "took more than "
              + MAX_READS
              + " steps to match '"
              + Capped.value(text)
              + "' (catastrophic backtracking, as nested quantifiers such as (.*)* cause); simplify the pattern");
    } catch (StackOverflowError e) {
      throw new IllegalArgumentException(
          "recursed too deeply matching '" + Capped.value(text) + "'; simplify the pattern", e);
    }
  }

  /** Thrown by {@link CountingChars} to abort a runaway match. */
  private static final class TooManyReads extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManyReads() {
      super(null, null, false, false);
    }
  }

  /** The text, counting every {@link #charAt} the matcher makes. */
  private static final class CountingChars implements CharSequence {
    private final String text;
    private long reads;

    CountingChars(String text) {
      this.text = text;
    }

    @Override
    public char charAt(int index) {
      if (++reads > MAX_READS) {
        throw new TooManyReads();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
