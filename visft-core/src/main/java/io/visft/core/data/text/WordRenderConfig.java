package io.visft.core.data.text;

import io.visft.api.ConfigException;
import java.util.Objects;

/**
 * What {@link WordRenderer} draws: {@code count} random words of {@code minLength} to {@code
 * maxLength} characters of {@code alphabet}, each on its own {@code width × height} image.
 *
 * @param seed base seed; the same seed and the same installed fonts give byte-identical files
 * @param count number of images, 1 to 999,999
 * @param alphabet the characters words are drawn from (uniformly, independently)
 * @param minLength shortest word, at least 1
 * @param maxLength longest word, at least {@code minLength} and at most 32
 * @param width image width in pixels, at least {@code 8 · maxLength} (about 8 pixels per character)
 * @param height image height in pixels, 16 to 1024
 */
public record WordRenderConfig(
    long seed, int count, Alphabet alphabet, int minLength, int maxLength, int width, int height) {
  /** Largest supported word length. */
  public static final int MAX_LENGTH = 32;

  public WordRenderConfig {
    Objects.requireNonNull(alphabet, "alphabet");
    require(
        count >= 1 && count <= 999_999,
        "count",
        count,
        "must be in 1..999999",
        "use for example 1000");
    require(minLength >= 1, "min_length", minLength, "must be at least 1", "use 3");
    require(
        maxLength >= minLength && maxLength <= MAX_LENGTH,
        "max_length",
        maxLength,
        "must be in min_length (" + minLength + ").." + MAX_LENGTH,
        "use 8");
    require(height >= 16 && height <= 1024, "height", height, "must be in 16..1024", "use 32");
    require(
        width >= 8 * maxLength && width <= 4096,
        "width",
        width,
        "must be in " + 8 * maxLength + "..4096 (8 pixels per character of the longest word)",
        "use " + Math.max(128, 16 * maxLength));
  }

  /** Lower-case words of 3 to 8 letters on 128 × 32 images. */
  public static WordRenderConfig lowercase(long seed, int count) {
    return new WordRenderConfig(seed, count, Alphabet.lowercase(), 3, 8, 128, 32);
  }

  private static void require(boolean ok, String field, Object value, String rule, String fix) {
    if (!ok) {
      throw new ConfigException(
          "word rendering " + field + " = " + value + ": " + rule + "; " + fix);
    }
  }
}
