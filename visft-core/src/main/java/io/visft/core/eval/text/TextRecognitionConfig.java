package io.visft.core.eval.text;

import io.visft.api.ConfigException;
import io.visft.core.eval.LinearProbeConfig;
import java.util.Objects;

/**
 * The text-recognition protocol: dense maps pooled into {@code slots} horizontal slots, a seeded
 * split into training and held-out words, one logistic regression per character position.
 *
 * @param slots S, horizontal slots the map is pooled into, 1 to 64
 * @param testFraction share of the words held out for scoring, in (0, 1)
 * @param seed seed of the split
 * @param probe how each position's classifier is trained
 */
public record TextRecognitionConfig(
    int slots, double testFraction, long seed, LinearProbeConfig probe) {

  public TextRecognitionConfig {
    if (slots < 1 || slots > 64) {
      throw new ConfigException(
          "text recognition slots = "
              + slots
              + " must be in 1..64; use about the longest word's length, e.g. 8");
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new ConfigException(
          "text recognition test_fraction = " + testFraction + " must be in (0, 1); use e.g. 0.25");
    }
    Objects.requireNonNull(probe, "probe");
  }

  /** 8 slots, a quarter held out, seed 0, the default probe. */
  public static TextRecognitionConfig defaults() {
    return new TextRecognitionConfig(8, 0.25, 0, LinearProbeConfig.defaults());
  }
}
