package io.visft.core.data.text;

import io.visft.api.ConfigException;
import java.util.Locale;

/**
 * The characters a word may contain, in a fixed order that gives each one its class index; index
 * {@link #blank()} (one past the last character) stands for "no character at this position".
 *
 * @param characters the distinct, printable, non-space characters, at least one
 */
public record Alphabet(String characters) {

  public Alphabet {
    if (characters == null || characters.isEmpty()) {
      throw new ConfigException(
          "alphabet = \""
              + characters
              + "\": must hold at least one character; use for example "
              + "\"abcdefghijklmnopqrstuvwxyz\"");
    }
    for (int i = 0; i < characters.length(); i++) {
      char c = characters.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSurrogate(c)) {
        throw new ConfigException(
            "alphabet = \""
                + characters
                + "\": character "
                + i
                + " (U+"
                + String.format(Locale.ROOT, "%04X", (int) c)
                + ") is whitespace, a control character or half of a surrogate pair; use printable characters of the BMP");
      }
      if (characters.indexOf(c) != i) {
        throw new ConfigException(
            "alphabet = \""
                + characters
                + "\": character '"
                + c
                + "' appears twice; list each once");
      }
    }
  }

  /** The 26 lower-case Latin letters. */
  public static Alphabet lowercase() {
    return new Alphabet("abcdefghijklmnopqrstuvwxyz");
  }

  /** Number of characters. */
  public int size() {
    return characters.length();
  }

  /** The class index meaning "no character": {@link #size()}. */
  public int blank() {
    return characters.length();
  }

  /** Number of classes a position classifier chooses from: the characters plus the blank. */
  public int classes() {
    return characters.length() + 1;
  }

  /** Whether every character of {@code text} is in this alphabet. */
  public boolean canSpell(String text) {
    return text.chars().allMatch(c -> characters.indexOf(c) >= 0);
  }

  /**
   * The class of every position: the character's index for the first {@code text.length()}
   * positions, {@link #blank()} after.
   *
   * @param positions number of positions, at least {@code text.length()}
   * @return {@code [positions]}
   * @throws IllegalArgumentException if {@code text} is longer than {@code positions} or has a
   *     character outside the alphabet
   */
  public int[] encode(String text, int positions) {
    if (text.length() > positions) {
      throw new IllegalArgumentException(
          "word \""
              + text
              + "\" has "
              + text.length()
              + " characters, more than the "
              + positions
              + " positions");
    }
    int[] labels = new int[positions];
    for (int p = 0; p < positions; p++) {
      labels[p] = p < text.length() ? indexOf(text, p) : blank();
    }
    return labels;
  }

  /** The characters of the non-blank classes of {@code labels}, in order. */
  public String decode(int[] labels) {
    StringBuilder text = new StringBuilder();
    for (int label : labels) {
      if (label < 0 || label > blank()) {
        throw new IllegalArgumentException("class " + label + " is outside [0, " + blank() + "]");
      }
      if (label != blank()) {
        text.append(characters.charAt(label));
      }
    }
    return text.toString();
  }

  private int indexOf(String text, int p) {
    int index = characters.indexOf(text.charAt(p));
    if (index < 0) {
      throw new IllegalArgumentException(
          "word \""
              + text
              + "\" has character '"
              + text.charAt(p)
              + "' at position "
              + p
              + ", which is not in the alphabet \""
              + characters
              + "\"");
    }
    return index;
  }
}
