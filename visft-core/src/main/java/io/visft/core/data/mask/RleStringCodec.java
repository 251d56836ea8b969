package io.visft.core.data.mask;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * COCO's compressed text form of run counts, as found in {@code "counts"} strings of annotation and
 * result files.
 *
 * <p>Each count is written as a little-endian sequence of 5-bit groups in the style of signed
 * LEB128: a character carries 5 value bits (bit 4 of the last group is the sign), bit 5 set means
 * another character follows, and 48 is added so that every character lies in {@code '0'..'o'}. From
 * the fourth count on, the value written is the difference to the count two places earlier (the run
 * of the same colour), which keeps numbers small for compact shapes.
 *
 * <p>Stateless and thread-safe.
 */
public final class RleStringCodec {
  private static final int OFFSET = 48;
  private static final int VALUE_BITS = 0x1f;
  private static final int SIGN_BIT = 0x10;
  private static final int MORE_BIT = 0x20;
  private static final int MAX_GROUPS = 7;

  private RleStringCodec() {}

  /** Encodes non-negative run counts. */
  public static String encode(int[] counts) {
    StringBuilder text = new StringBuilder(counts.length * 2);
    for (int i = 0; i < counts.length; i++) {
      checkArgument(counts[i] >= 0, "run %s has negative length %s", i, counts[i]);
      long value = i > 2 ? (long) counts[i] - counts[i - 2] : counts[i];
      boolean more = true;
      while (more) {
        int group = (int) (value & VALUE_BITS);
        value >>= 5;
        more = (group & SIGN_BIT) != 0 ? value != -1 : value != 0;
        if (more) {
          group |= MORE_BIT;
        }
        text.append((char) (group + OFFSET));
      }
    }
    return text.toString();
  }

  /**
   * Decodes a counts string.
   *
   * @throws IllegalArgumentException if a character lies outside {@code '0'..'o'}, the string ends
   *     inside a number, or a decoded count is negative or above {@link Integer#MAX_VALUE}
   */
  public static int[] decode(String text) {
    int[] counts = new int[text.length()];
    int size = 0;
    int position = 0;
    while (position < text.length()) {
      long value = 0;
      int groups = 0;
      boolean more = true;
      while (more) {
        checkArgument(
            position < text.length(),
            "RLE string ends inside count %s (last character '%s' asks for more); the string is"
                + " truncated",
            size,
            text.charAt(text.length() - 1));
        checkArgument(
            groups < MAX_GROUPS,
            "RLE count %s uses more than %s characters; the string is corrupt",
            size,
            MAX_GROUPS);
        char character = text.charAt(position);
        int group = character - OFFSET;
        checkArgument(
            group >= 0 && group <= VALUE_BITS + MORE_BIT,
            "RLE string has character '%s' at index %s; expected only characters '0'..'o'",
            character,
            position);
        value |= (long) (group & VALUE_BITS) << (5 * groups);
        more = (group & MORE_BIT) != 0;
        position++;
        groups++;
        if (!more && (group & SIGN_BIT) != 0) {
          value |= -1L << (5 * groups);
        }
      }
      if (size > 2) {
        value += counts[size - 2];
      }
      checkArgument(
          value >= 0 && value <= Integer.MAX_VALUE,
          "RLE count %s decodes to %s; expected a run length in [0, %s]",
          size,
          value,
          Integer.MAX_VALUE);
      counts[size++] = (int) value;
    }
    return Arrays.copyOf(counts, size);
  }
}
