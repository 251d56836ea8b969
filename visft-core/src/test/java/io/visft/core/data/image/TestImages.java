package io.visft.core.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Builds image files in memory for decoder tests: PNG, JPEG, and JPEG with hand-made EXIF or Adobe
 * segments.
 */
final class TestImages {
  private TestImages() {}

  static byte[] png(BufferedImage image) {
    return write(image, "png");
  }

  /** A JPEG at quality 1.0 (least loss). */
  static byte[] jpeg(BufferedImage image) {
    return writeJpeg(new IIOImage(image, null, null));
  }

  /**
   * A JPEG of raw 4-channel samples with no colour conversion (the writer stores them as they are).
   */
  static byte[] jpegOfRaster(Raster raster) {
    return writeJpeg(new IIOImage(raster, null, null));
  }

  private static byte[] writeJpeg(IIOImage image) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(1f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, image, param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  private static byte[] write(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException(
            "no ImageIO writer for " + format + " and image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * An APP1 segment holding an EXIF block whose IFD0 has one entry: orientation (tag 0x0112, type
   * SHORT, count 1).
   */
  static byte[] exifOrientationSegment(int orientation, ByteOrder order) {
    ByteBuffer tiff = ByteBuffer.allocate(26).order(order);
    tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
    tiff.put(order == ByteOrder.LITTLE_ENDIAN ? (byte) 'I' : (byte) 'M');
    tiff.putShort((short) 42).putInt(8);
    tiff.putShort((short) 1);
    tiff.putShort((short) 0x0112)
        .putShort((short) 3)
        .putInt(1)
        .putShort((short) orientation)
        .putShort((short) 0);
    tiff.putInt(0);
    byte[] exifHeader = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    return segment(0xE1, concat(exifHeader, tiff.array()));
  }

  /** An Adobe APP14 segment; transform 0 means CMYK, 2 means YCCK. */
  static byte[] adobeSegment(int transform) {
    byte[] body = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
    return segment(0xEE, body);
  }

  private static byte[] segment(int marker, byte[] body) {
    int length = body.length + 2;
    byte[] head = {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length};
    return concat(head, body);
  }

  /** Inserts a marker segment after SOI and after the JFIF APP0 segment if there is one. */
  static byte[] insertSegment(byte[] jpeg, byte[] segment) {
    int at = 2;
    if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
      at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
    }
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, at);
    System.arraycopy(segment, 0, out, at, segment.length);
    System.arraycopy(jpeg, at, out, at + segment.length, jpeg.length - at);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
