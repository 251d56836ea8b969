package io.visft.core.data.image;

import io.visft.api.FileFormatException;
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
 * Decodes JPEG and PNG files into upright RGB images.
 *
 * <p>JPEG goes through the TwelveMonkeys ImageIO reader, so grey, CMYK and YCCK (Adobe) files
 * decode; the EXIF orientation is read and applied ({@link ExifOrientation}). PNG goes through the
 * JDK reader (grey, palette, 8 and 16 bits, with or without alpha). The result is always three
 * channels in [0, 1]; alpha is dropped.
 *
 * <p>Everything is decoded from memory; ImageIO's disk cache is never used. Stateless and
 * thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

  /** Largest accepted image, in pixels: far above any photo data set, a guard against decompression bombs. */
  public static final long MAX_PIXELS = 100_000_000L;

  private ImageDecoder() {}

  /**
   * Reads and decodes an image file.
   *
   * @throws FileFormatException naming the file when it is corrupt, truncated, too large or not JPEG/PNG
   * @throws UncheckedIOException when the file cannot be read
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
   *     too large or not JPEG/PNG
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
    ImageReader reader = format.newReader();
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(content))) {
      reader.setInput(in, true, true);
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > MAX_PIXELS) {
        throw new FileFormatException(
            sourceName + ": " + format + " image of " + reader.getWidth(0) + "x" + reader.getHeight(0)
                + " (w x h) has " + pixels + " pixels, more than the limit of " + MAX_PIXELS
                + "; downscale it before training");
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
          sourceName + ": corrupt or truncated " + format + " data (" + describe(e)
              + "); re-export or remove the file", e);
    } finally {
      reader.dispose();
    }
  }

  /**
   * The JPEG decoder does not fail on a cut-off file: it fills the missing rows with grey and only
   * warns (libjpeg "Premature end of JPEG file" / "premature end of data segment", TwelveMonkeys
   * "Truncated File - Missing EOI marker"). Such an image would silently train on grey pixels, so
   * those warnings are fatal here.
   */
  private static void rejectTruncation(ImageFormat format, List<String> warnings, String sourceName) {
    for (String warning : warnings) {
      String lower = warning.toLowerCase(Locale.ROOT);
      if (lower.contains("premature end") || lower.contains("truncated")) {
        throw new FileFormatException(
            sourceName + ": truncated " + format + " data (decoder: \"" + warning
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
