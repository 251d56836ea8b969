package io.visft.core.data.image;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EXIF orientation tag (0x0112) of a JPEG file and the pixel remapping it asks for.
 *
 * <p>The eight values (EXIF 2.3, TIFF 6.0 tag 274) say where the stored 0th row and 0th column
 * belong on screen: 1 top/left (as stored), 2 top/right (mirror), 3 bottom/right (rotate 180), 4
 * bottom/left (flip), 5 left/top (transpose), 6 right/top (rotate 90 clockwise), 7 right/bottom
 * (transverse), 8 left/bottom (rotate 90 counter-clockwise). Every one of them is an optional
 * transpose followed by optional horizontal and vertical mirrors of the source lookup, which is how
 * {@link #apply} is written. Stateless and thread-safe.
 */
public final class ExifOrientation {
  private static final Logger LOG = LoggerFactory.getLogger(ExifOrientation.class);

  /** The value that means "display as stored". */
  public static final int NORMAL = 1;

  private static final int ORIENTATION_TAG = 0x0112;
  private static final int TYPE_SHORT = 3;
  private static final int MARKER_SOS = 0xDA;
  private static final int MARKER_EOI = 0xD9;
  private static final int MARKER_APP1 = 0xE1;
  private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);

  private ExifOrientation() {}

  /**
   * Reads the orientation from the first APP1 "Exif" segment before the image data of a JPEG.
   *
   * <p>Metadata damage does not make the picture unreadable, so a malformed EXIF block or a value
   * outside 1..8 is logged at WARN with the file name and treated as {@link #NORMAL}.
   *
   * @param jpeg the whole file
   * @param fileName used in log messages
   * @return 1..8; {@link #NORMAL} when the file has no orientation tag
   */
  public static int read(byte[] jpeg, String fileName) {
    try {
      int value = findOrientation(jpeg);
      if (value < 1 || value > 8) {
        LOG.warn(
            "{}: EXIF orientation {} is outside 1..8; displaying the image as stored",
            fileName,
            value);
        return NORMAL;
      }
      return value;
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      LOG.warn(
          "{}: malformed EXIF block ({}); displaying the image as stored", fileName, e.toString());
      return NORMAL;
    }
  }

  /**
   * Remaps {@code image} so it displays upright for the given orientation; orientations 5 to 8 swap
   * height and width.
   *
   * @param orientation 1..8
   */
  public static RgbImage apply(RgbImage image, int orientation) {
    checkArgument(
        orientation >= 1 && orientation <= 8, "EXIF orientation must be 1..8, got %s", orientation);
    if (orientation == NORMAL) {
      return image;
    }
    boolean transpose = orientation >= 5;
    boolean mirrorX = orientation == 2 || orientation == 3 || orientation == 7 || orientation == 8;
    boolean mirrorY = orientation == 3 || orientation == 4 || orientation == 6 || orientation == 7;
    int srcH = image.height();
    int srcW = image.width();
    int outH = transpose ? srcW : srcH;
    int outW = transpose ? srcH : srcW;
    float[] src = image.planes();
    float[] out = new float[src.length];
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        int u = transpose ? y : x;
        int v = transpose ? x : y;
        int sx = mirrorX ? srcW - 1 - u : u;
        int sy = mirrorY ? srcH - 1 - v : v;
        for (int c = 0; c < 3; c++) {
          out[(c * outH + y) * outW + x] = src[(c * srcH + sy) * srcW + sx];
        }
      }
    }
    return new RgbImage(outH, outW, out);
  }

  /** Walks the JPEG marker segments up to the scan; returns the tag value, or NORMAL if absent. */
  private static int findOrientation(byte[] jpeg) {
    ByteBuffer in = ByteBuffer.wrap(jpeg).order(ByteOrder.BIG_ENDIAN);
    in.position(2);
    while (in.remaining() >= 4) {
      if ((in.get() & 0xFF) != 0xFF) {
        throw new IllegalArgumentException("expected a marker at byte " + (in.position() - 1));
      }
      int marker = in.get() & 0xFF;
      if (marker == 0xFF) {
        in.position(in.position() - 1); // fill byte before a marker
        continue;
      }
      if (marker == MARKER_SOS || marker == MARKER_EOI) {
        return NORMAL;
      }
      if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
        continue; // stand-alone markers carry no length
      }
      int length = in.getShort() & 0xFFFF;
      if (length < 2) {
        throw new IllegalArgumentException(
            "segment length " + length + " at byte " + (in.position() - 2));
      }
      int segmentStart = in.position();
      if (marker == MARKER_APP1
          && length >= 2 + EXIF_HEADER.length
          && startsWithExif(jpeg, segmentStart)) {
        int tiffStart = segmentStart + EXIF_HEADER.length;
        int tiffLength = length - 2 - EXIF_HEADER.length;
        return orientationFromTiff(ByteBuffer.wrap(jpeg, tiffStart, tiffLength).slice());
      }
      in.position(segmentStart + length - 2);
    }
    return NORMAL;
  }

  private static boolean startsWithExif(byte[] jpeg, int offset) {
    for (int i = 0; i < EXIF_HEADER.length; i++) {
      if (jpeg[offset + i] != EXIF_HEADER[i]) {
        return false;
      }
    }
    return true;
  }

  /** Reads IFD0 of a TIFF structure (header "II*\0" or "MM\0*") for the orientation tag. */
  private static int orientationFromTiff(ByteBuffer tiff) {
    int b0 = tiff.get(0);
    int b1 = tiff.get(1);
    if (b0 == 'I' && b1 == 'I') {
      tiff.order(ByteOrder.LITTLE_ENDIAN);
    } else if (b0 == 'M' && b1 == 'M') {
      tiff.order(ByteOrder.BIG_ENDIAN);
    } else {
      throw new IllegalArgumentException("TIFF byte order must be II or MM");
    }
    if (tiff.getShort(2) != 42) {
      throw new IllegalArgumentException("TIFF magic number is not 42");
    }
    int ifd = tiff.getInt(4);
    int entries = tiff.getShort(ifd) & 0xFFFF;
    for (int i = 0; i < entries; i++) {
      int entry = ifd + 2 + 12 * i;
      if ((tiff.getShort(entry) & 0xFFFF) == ORIENTATION_TAG) {
        if ((tiff.getShort(entry + 2) & 0xFFFF) != TYPE_SHORT) {
          throw new IllegalArgumentException("orientation tag is not of type SHORT");
        }
        return tiff.getShort(entry + 8) & 0xFFFF;
      }
    }
    return NORMAL;
  }
}
