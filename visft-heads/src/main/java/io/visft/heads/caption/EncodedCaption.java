package io.visft.heads.caption;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * One caption as token ids for teacher forcing: {@code [<start>, w1 .. wn, <end>, <pad> ...]},
 * padded to a fixed width.
 *
 * @param ids token ids {@code [maxWords + 2]}; the array is copied in and out
 * @param length number of leading non-pad ids, {@code <start>} and {@code <end>} included ({@code n
 *     + 2}), the length to decode or mask the loss with
 */
public record EncodedCaption(int[] ids, int length) {

  public EncodedCaption {
    checkArgument(
        length >= 2 && length <= ids.length,
        "length %s must be in [2, %s] for %s ids",
        length,
        ids.length,
        ids.length);
    ids = ids.clone();
  }

  @Override
  public int[] ids() {
    return ids.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedCaption e && e.length == length && Arrays.equals(e.ids, ids);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + length;
  }

  @Override
  public String toString() {
    return "EncodedCaption[" + Arrays.toString(ids) + ", length " + length + "]";
  }
}
