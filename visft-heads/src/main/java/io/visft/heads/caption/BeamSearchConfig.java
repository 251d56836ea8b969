package io.visft.heads.caption;

import io.visft.api.ConfigException;

/**
 * Settings of {@link CaptionDecoder#beamSearch}.
 *
 * <p>While searching, hypotheses compete on their summed token log-probability, as in the common
 * Show-Attend-Tell evaluation code. Among the hypotheses that produced {@code <end>}, the result is
 * the one with the highest {@code logP / n^lengthPenalty}, where {@code n} is the number of
 * generated tokens, {@code <end>} included: 0 ranks by the plain sum (the reference's choice, which
 * favours short captions), 1 by the mean log-probability per token.
 *
 * @param beamWidth hypotheses kept per image, {@code >= 1}; 1 is greedy decoding
 * @param lengthPenalty exponent of the length normalisation, finite and {@code >= 0}
 */
public record BeamSearchConfig(int beamWidth, double lengthPenalty) {

  public BeamSearchConfig {
    if (beamWidth < 1) {
      throw new ConfigException(
          "BeamSearchConfig.beamWidth = " + beamWidth + ": must be at least 1 (3 to 5 is usual)");
    }
    if (!(lengthPenalty >= 0) || Double.isInfinite(lengthPenalty)) {
      throw new ConfigException(
          "BeamSearchConfig.lengthPenalty = "
              + lengthPenalty
              + ": must be a finite number >= 0 (0 ranks by summed log-probability, 1 by its"
              + " mean)");
    }
  }

  /** {@code beamWidth} hypotheses ranked by summed log-probability, as the reference does. */
  public static BeamSearchConfig ofWidth(int beamWidth) {
    return new BeamSearchConfig(beamWidth, 0);
  }
}
