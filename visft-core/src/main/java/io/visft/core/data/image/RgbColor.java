package io.visft.core.data.image;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One RGB colour with components in [0, 1], used as a fill value for padding.
 *
 * @param red in [0, 1]
 * @param green in [0, 1]
 * @param blue in [0, 1]
 */
public record RgbColor(float red, float green, float blue) {

  public RgbColor {
    checkArgument(
        inUnitRange(red) && inUnitRange(green) && inUnitRange(blue),
        "colour components must be in [0, 1], got (%s, %s, %s)",
        red,
        green,
        blue);
  }

  /** A grey with all three components equal to {@code level}. */
  public static RgbColor grey(float level) {
    return new RgbColor(level, level, level);
  }

  /** The mean colour of a normalisation: it normalises to 0 in every channel. */
  public static RgbColor meanOf(ImageNormalization normalization) {
    float[] mean = normalization.mean();
    return new RgbColor(mean[0], mean[1], mean[2]);
  }

  /** Component {@code c}: 0 red, 1 green, 2 blue. */
  public float component(int c) {
    return switch (c) {
      case 0 -> red;
      case 1 -> green;
      case 2 -> blue;
      default -> throw new IllegalArgumentException("colour component must be 0, 1 or 2, got " + c);
    };
  }

  private static boolean inUnitRange(float v) {
    return v >= 0f && v <= 1f;
  }
}
