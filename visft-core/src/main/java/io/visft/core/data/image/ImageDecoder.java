package io.visft.core.data.image;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.core.io.Capped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes JPEG, PNG, GIF and BMP files into upright RGB images.
 *
 * <p>JPEG goes through the TwelveMonkeys ImageIO reader, so grey, CMYK and YCCK (Adobe) files
 * decode; the EXIF orientation is read and applied ({@link ExifOrientation}). PNG goes through the
 * JDK reader (grey, palette, 8 and 16 bits, with or without alpha), as do GIF (its first frame) and
 * BMP. The result is always three channels in [0, 1]; alpha is dropped.
 *
 * <p>Decoding holds the decoded image and its float planes at once, up to 20 bytes a pixel (16-bit
 * RGBA PNG), so the pixel count is bounded before any pixel is read: {@link #DEFAULT_MAX_PIXELS},
 * or the system property {@value #MAX_PIXELS_PROPERTY}. A PNG of one colour compresses a
 * 100-megapixel image into kilobytes; without the bound such a file would cost gigabytes.
 *
 * <p>Everything is decoded from memory; ImageIO's disk cache is never used. Stateless and
 * thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

  /**
   * Largest accepted image by default, in pixels: a 24-megapixel photo (6000 x 4000), at most 480
   * MB to decode.
   */
  public static final long DEFAULT_MAX_PIXELS = 24_000_000L;

  /**
   * The system property that sets another limit in pixels, such as {@code
   * -Dvisft.image.maxPixels=100000000}.
   */
  public static final String MAX_PIXELS_PROPERTY = "visft.image.maxPixels";

  private ImageDecoder() {}

  /**
   * Reads and decodes an image file.
   *
   * @throws FileFormatException naming the file when it is corrupt, truncated, too large or of
   *     another format
   * @throws UncheckedIOException when the file cannot be read
   * @throws ConfigException when {@value #MAX_PIXELS_PROPERTY} is set to something other than a
   *     positive number
   */
  public static RgbImage decode(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image file " + file + ": " + e.getMessage(), e);
    }
    return decode(content, file.toString());
  }

  /**
   * Decodes an image held in memory.
   *
   * @param content the whole file
   * @param sourceName the file name or URL, used in messages
   * @throws FileFormatException naming {@code sourceName} when the content is corrupt, truncated,
   *     too large or of another format
   * @throws ConfigException when {@value #MAX_PIXELS_PROPERTY} is set to something other than a
   *     positive number
   */
  public static RgbImage decode(byte[] content, String sourceName) {
    ImageFormat format = ImageFormat.detect(content, sourceName);
    RgbImage image = RgbConversion.toRgb(readImage(format, content, sourceName));
    if (format == ImageFormat.JPEG) {
      image = ExifOrientation.apply(image, ExifOrientation.read(content, sourceName));
    }
    return image;
  }

  private static BufferedImage readImage(ImageFormat format, byte[] content, String sourceName) {
    long limit = maxPixels();
    ImageReader reader = format.newReader();
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
      reader.setInput(in, true, true);
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > limit) {
        throw new FileFormatException(
            sourceName
                + ": "
                + format
                + " image of "
                + reader.getWidth(0)
                + "x"
                + reader.getHeight(0)
                + " (w x h) has "
                + pixels
                + " pixels, more than the limit of "
                + limit
                + " (decoding takes up to 20 bytes a pixel); downscale it, or raise the limit with -D"
                + MAX_PIXELS_PROPERTY
                + "=<pixels>");
      }
      BufferedImage image = reader.read(0);
      rejectTruncation(format, warnings, sourceName);
      for (String warning : warnings) {
        LOG.warn("{}: decoder warning: {}", sourceName, warning);
      }
      return image;
    } catch (IOException | RuntimeException e) {
      if (e instanceof FileFormatException ffe) {
        throw ffe;
      }
      throw new FileFormatException(
          sourceName
              + ": corrupt or truncated "
              + format
              + " data ("
              + describe(e)
              + "); re-export or remove the file",
          e);
    } finally {
      reader.dispose();
    }
  }

  /**
   * The pixel limit: {@value #MAX_PIXELS_PROPERTY} when set, else {@link #DEFAULT_MAX_PIXELS}.
   *
   * @throws ConfigException when the property is not a positive whole number
   */
  static long maxPixels() {
    String value = System.getProperty(MAX_PIXELS_PROPERTY);
    if (value == null) {
      return DEFAULT_MAX_PIXELS;
    }
    long limit;
    try {
      limit = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw invalidLimit(value, e);
    }
    if (limit <= 0) {
      throw invalidLimit(value, null);
    }
    return limit;
  }

  private static ConfigException invalidLimit(String value, NumberFormatException cause) {
    return new ConfigException(
        "-D"
            + MAX_PIXELS_PROPERTY
            + "="
            + Capped.value(value)
            + " is not a positive whole number of pixels; give one such as 100000000, or leave it unset for "
            + DEFAULT_MAX_PIXELS,
        cause);
  }

  /**
   * The JPEG decoder does not fail on a cut-off file: it fills the missing rows with grey and only
   * warns (libjpeg "Premature end of JPEG file" / "premature end of data segment", TwelveMonkeys
   * "Truncated File - Missing EOI marker"). Such an image would silently train on grey pixels, so
   * those warnings are fatal here.
   */
  private static void rejectTruncation(
      ImageFormat format, List<String> warnings, String sourceName) {
    for (String warning : warnings) {
      String lower = warning.toLowerCase(Locale.ROOT);
      if (lower.contains("premature end") || lower.contains("truncated")) {
        throw new FileFormatException(
            sourceName
                + ": truncated "
                + format
                + " data (decoder: \""
                + warning
                + "\"); the file was cut off, download or copy it again");
      }
    }
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.toString());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" <- ").append(cause);
    }
    return text.toString();
  }
}
