package io.visft.core.data.text;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.Seeds;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Draws seeded random words with Java2D: for image {@code i}, a word of uniform length and uniform
 * characters, in a font family chosen among {@link FontCatalog#familiesFor} (plain, bold, italic or
 * both), a size filling 55–85% of the height (shrunk to fit the width), left-aligned with a small
 * random margin, a vertical jitter of ±8% of the height, a rotation of ±3°, text and background
 * grey levels at least 0.45 apart (either may be the darker), each channel then tinted by up to
 * ±0.1, and Gaussian pixel noise (σ = 8 of 255).
 *
 * <p>Image {@code i} depends only on the seed, {@code i} and the installed fonts. Immutable and
 * thread-safe (every call draws on its own image).
 */
public final class WordRenderer {
  private static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC, Font.BOLD | Font.ITALIC};
  private static final double NOISE_SIGMA = 8;
  private static final double MAX_ROTATION_DEGREES = 3;

  private final WordRenderConfig config;
  private final List<String> families;

  /**
   * A renderer using the installed fonts that can draw {@code config.alphabet()}.
   *
   * @throws io.visft.api.ViSFTException if no installed font can
   */
  public WordRenderer(WordRenderConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.families = FontCatalog.familiesFor(config.alphabet());
  }

  /**
   * A word and its image.
   *
   * @param text the word drawn
   * @param family the font family used
   * @param image {@code width × height} RGB
   */
  public record RenderedWord(String text, String family, BufferedImage image) {}

  /** The font families this renderer chooses from, sorted. */
  public List<String> families() {
    return families;
  }

  /** Word {@code index} (0-based) and its image. */
  public RenderedWord render(int index) {
    checkArgument(
        index >= 0 && index < config.count(),
        "word index %s is outside 0..%s",
        index,
        config.count() - 1);
    SplittableRandom rnd = new SplittableRandom(Seeds.mix(config.seed(), index));
    String text = word(rnd);
    String family = families.get(rnd.nextInt(families.size()));
    int width = config.width();
    int height = config.height();
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      double backgroundGrey = rnd.nextDouble();
      double textGrey =
          backgroundGrey > 0.5
              ? rnd.nextDouble(0, backgroundGrey - 0.45)
              : rnd.nextDouble(backgroundGrey + 0.45, 1);
      g.setColor(tint(backgroundGrey, rnd));
      g.fillRect(0, 0, width, height);
      Font font =
          fitted(
              g,
              new Font(family, STYLES[rnd.nextInt(STYLES.length)], 1),
              text,
              rnd.nextDouble(0.55, 0.85) * height);
      g.setFont(font);
      FontMetrics metrics = g.getFontMetrics();
      int textWidth = metrics.stringWidth(text);
      double x = rnd.nextDouble(0.02, 0.08) * width;
      x = Math.max(0, Math.min(x, width - textWidth - 1));
      double baseline =
          (height + metrics.getAscent() - metrics.getDescent()) / 2.0
              + rnd.nextDouble(-0.08, 0.08) * height;
      g.rotate(
          Math.toRadians(rnd.nextDouble(-MAX_ROTATION_DEGREES, MAX_ROTATION_DEGREES)),
          width / 2.0,
          height / 2.0);
      g.setColor(tint(textGrey, rnd));
      g.drawString(text, (float) x, (float) baseline);
    } finally {
      g.dispose();
    }
    addNoise(image, rnd);
    return new RenderedWord(text, family, image);
  }

  private String word(SplittableRandom rnd) {
    int length = rnd.nextInt(config.minLength(), config.maxLength() + 1);
    String characters = config.alphabet().characters();
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(characters.charAt(rnd.nextInt(characters.length())));
    }
    return text.toString();
  }

  /** The largest size up to {@code size} pixels at which {@code text} fits in 92% of the width. */
  private Font fitted(Graphics2D g, Font base, String text, double size) {
    Font font = base.deriveFont((float) size);
    int textWidth = g.getFontMetrics(font).stringWidth(text);
    double limit = 0.92 * config.width();
    return textWidth <= limit ? font : base.deriveFont((float) (size * limit / textWidth));
  }

  /** A colour near grey level {@code grey}: each channel within ±0.1, clamped to [0, 1]. */
  private static Color tint(double grey, SplittableRandom rnd) {
    float[] rgb = new float[3];
    for (int c = 0; c < 3; c++) {
      rgb[c] = (float) Math.max(0, Math.min(1, grey + rnd.nextDouble(-0.1, 0.1)));
    }
    return new Color(rgb[0], rgb[1], rgb[2]);
  }

  private static void addNoise(BufferedImage image, SplittableRandom rnd) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          int v = (int) Math.round(((rgb >> shift) & 0xFF) + gaussian(rnd) * NOISE_SIGMA);
          out = (out << 8) | Math.max(0, Math.min(255, v));
        }
        image.setRGB(x, y, out);
      }
    }
  }

  /** A standard normal draw (Box–Muller), so the stream is fixed by the seed alone. */
  private static double gaussian(SplittableRandom rnd) {
    return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble()))
        * Math.cos(2 * Math.PI * rnd.nextDouble());
  }
}
