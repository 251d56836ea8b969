package io.visft.core.vit;

import io.visft.api.FileFormatException;
import io.visft.core.io.Capped;

/**
 * The {@code <i>} of a tensor name {@code blocks.<i>.…}, bounded so a corrupt name cannot set a
 * depth of billions.
 */
public final class BlockIndex {
  /**
   * Largest block index read: ViTs have tens of blocks, so any index beyond this comes from a
   * corrupt name.
   */
  public static final int MAX = 9_999;

  private BlockIndex() {}

  /**
   * @param digits the index as written in the name (decimal digits)
   * @param key the whole tensor name, for the message
   * @param file the checkpoint or adapter, for the message
   * @throws FileFormatException naming the file, the key and the range when the index exceeds
   *     {@link #MAX}
   */
  public static int parse(String digits, String key, Object file) {
    String significant = digits.replaceFirst("^0+(?=.)", "");
    if (significant.length() > Integer.toString(MAX).length()
        || Integer.parseInt(significant) > MAX) {
      throw new FileFormatException(
          file
              + ": tensor '"
              + Capped.value(key)
              + "' has block index "
              + Capped.value(digits)
              + "; expected 0 to "
              + MAX
              + " (blocks are numbered from 0, one per layer)");
    }
    return Integer.parseInt(significant);
  }
}
