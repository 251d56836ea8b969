package io.visft.heads.caption;

import java.util.Arrays;
import java.util.Objects;

/**
 * A caption produced by {@link CaptionDecoder}.
 *
 * @param tokens the generated word ids, without {@code <start>} and {@code <end>}; copied in and
 *     out
 * @param text the words joined with single spaces ({@link CaptionCodec#decode})
 * @param logProbability natural-log probability of the generated tokens under the model, {@code
 *     <end>} included when it was generated
 * @param ended whether the decoder produced {@code <end>} within {@link
 *     CaptionHeadConfig#decodeSteps()} steps (false: cut off at the length limit)
 */
public record GeneratedCaption(int[] tokens, String text, double logProbability, boolean ended) {

  public GeneratedCaption {
    tokens = tokens.clone();
    Objects.requireNonNull(text, "text");
  }

  @Override
  public int[] tokens() {
    return tokens.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeneratedCaption g
        && Arrays.equals(g.tokens, tokens)
        && g.text.equals(text)
        && Double.compare(g.logProbability, logProbability) == 0
        && g.ended == ended;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(tokens), text, logProbability, ended);
  }

  @Override
  public String toString() {
    return String.format(
        "GeneratedCaption[\"%s\", log p %.4f%s]", text, logProbability, ended ? "" : ", cut off");
  }
}
