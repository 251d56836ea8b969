package io.visft.heads.caption;

/**
 * Advances a set of decoding rows by one token; the searches in {@link CaptionSearch} drive it and
 * {@link CaptionDecoder} implements it with an ONNX Runtime session. Not thread-safe.
 */
interface DecoderSteps {

  /**
   * Feeds one token to each row and returns the next-token distribution of each.
   *
   * @param parents for each row of this step, the row of the previous step whose decoder state it
   *     continues (on the first call, a row of the initial state)
   * @param tokens the token fed to each row, same length as {@code parents}
   * @return natural-log probabilities {@code [parents.length][vocabSize]}
   */
  float[][] advance(int[] parents, int[] tokens);
}
