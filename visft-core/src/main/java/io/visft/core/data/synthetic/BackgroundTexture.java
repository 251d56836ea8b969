package io.visft.core.data.synthetic;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A muted, textured background: every channel stays within 60..200 and channels differ little, so
 * no background pixel matches a saturated {@link ShapeColor}.
 *
 * @param pattern the texture family
 * @param base main colour, packed 0xRRGGBB
 * @param alternate second colour of checkers and stripes, packed 0xRRGGBB
 * @param period grating period or checker cell, in pixels, positive
 * @param angle grating or stripe direction, radians
 * @param noiseSeed seed of the per-pixel noise
 */
public record BackgroundTexture(
    Pattern pattern, int base, int alternate, double period, double angle, long noiseSeed) {

  /**
   * Texture families: gratings for the training domain, checkers and stripes for the held-out
   * domain.
   */
  public enum Pattern {
    GRATING,
    CHECKER,
    STRIPES
  }

  private static final int NOISE = 8;
  private static final int GRATING_AMPLITUDE = 18;

  /** Draws a muted colour: a grey level in 100..160 with each channel moved by at most 12. */
  static int mutedColor(SplittableRandom random) {
    int level = random.nextInt(100, 161);
    int rgb = 0;
    for (int c = 0; c < 3; c++) {
      rgb = (rgb << 8) | (level + random.nextInt(-12, 13));
    }
    return rgb;
  }

  /** Fills every pixel of {@code image}. */
  void paint(BufferedImage image) {
    SplittableRandom noise = new SplittableRandom(noiseSeed);
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    int[] row = new int[image.getWidth()];
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < row.length; x++) {
        double along = x * cos + y * sin;
        int rgb =
            switch (pattern) {
              case GRATING -> base;
              case CHECKER ->
                  (Math.floorDiv(x, (int) period) + Math.floorDiv(y, (int) period)) % 2 == 0
                      ? base
                      : alternate;
              case STRIPES ->
                  Math.floorMod((long) Math.floor(along / period), 2) == 0 ? base : alternate;
            };
        double shift =
            pattern == Pattern.GRATING
                ? GRATING_AMPLITUDE * Math.sin(2 * Math.PI * along / period)
                : 0;
        row[x] = jitter(rgb, shift, noise);
      }
      image.setRGB(0, y, row.length, 1, row, 0, row.length);
    }
  }

  private static int jitter(int rgb, double shift, SplittableRandom noise) {
    int out = 0;
    for (int c = 2; c >= 0; c--) {
      int v = (rgb >> (8 * c)) & 0xFF;
      v = (int) Math.round(v + shift) + noise.nextInt(-NOISE, NOISE + 1);
      out = (out << 8) | Math.min(200, Math.max(60, v));
    }
    return out;
  }
}
