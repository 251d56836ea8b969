package io.visft.core.eval.text;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.text.Alphabet;
import java.util.List;

/** Words as per-position class targets. Stateless and thread-safe. */
final class TextTargets {
  private TextTargets() {}

  /** {@code [words][positions]}: {@link Alphabet#encode} of each word. */
  static int[][] encode(Alphabet alphabet, List<String> texts, int positions) {
    checkArgument(!texts.isEmpty(), "no words to encode");
    int[][] out = new int[texts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = alphabet.encode(texts.get(i), positions);
    }
    return out;
  }

  /** Column {@code p} of {@code labels [rows][positions]}, {@code [rows]}. */
  static int[] column(int[][] labels, int p) {
    int[] out = new int[labels.length];
    for (int r = 0; r < labels.length; r++) {
      out[r] = labels[r][p];
    }
    return out;
  }
}
