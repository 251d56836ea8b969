package io.visft.core.data.image;

import io.visft.api.BackendUnavailableException;
import io.visft.api.FileFormatException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * The image file formats the decoder accepts, recognised by their leading bytes (never by the file
 * name).
 */
public enum ImageFormat {
  /** JPEG (JFIF, EXIF or Adobe), starts {@code FF D8 FF}. */
  JPEG(new int[] {0xFF, 0xD8, 0xFF}, "jpeg", "com.twelvemonkeys."),
  /** PNG, starts with the 8-byte signature {@code 89 'PNG' 0D 0A 1A 0A}. */
  PNG(new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, "png", ""),
  /** GIF (87a or 89a; the first frame), starts {@code 'GIF8'}. */
  GIF(new int[] {'G', 'I', 'F', '8'}, "gif", ""),
  /** Windows bitmap, starts {@code 'BM'}. */
  BMP(new int[] {'B', 'M'}, "bmp", "");

  private final int[] signature;
  private final String imageIoName;
  private final String requiredReaderPackage;

  ImageFormat(int[] signature, String imageIoName, String requiredReaderPackage) {
    this.signature = signature;
    this.imageIoName = imageIoName;
    this.requiredReaderPackage = requiredReaderPackage;
  }

  /**
   * Recognises the format of a file's content.
   *
   * @throws FileFormatException naming {@code fileName} and the leading bytes when the content is
   *     none of these formats
   */
  public static ImageFormat detect(byte[] content, String fileName) {
    for (ImageFormat format : values()) {
      if (format.matches(content)) {
        return format;
      }
    }
    StringBuilder head = new StringBuilder();
    for (int i = 0; i < Math.min(8, content.length); i++) {
      head.append(String.format(Locale.ROOT, "%02X ", content[i] & 0xFF));
    }
    throw new FileFormatException(
        fileName
            + ": unsupported image format ("
            + content.length
            + " bytes, starting "
            + (content.length == 0 ? "<empty file>" : head.toString().trim())
            + "); expected JPEG (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A), GIF (47 49 46 38) or BMP (42 4D)."
            + " Convert the file to JPEG or PNG.");
  }

  private boolean matches(byte[] content) {
    if (content.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((content[i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A fresh ImageIO reader for this format; for JPEG the TwelveMonkeys reader, which handles grey,
   * CMYK and YCCK files. The caller owns it and must {@code dispose()} it.
   *
   * @throws BackendUnavailableException when no suitable reader is registered
   */
  ImageReader newReader() {
    for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(imageIoName);
        it.hasNext(); ) {
      ImageReader reader = it.next();
      if (reader.getClass().getName().startsWith(requiredReaderPackage)) {
        return reader;
      }
      reader.dispose();
    }
    throw new BackendUnavailableException(
        "no suitable ImageIO reader for "
            + imageIoName
            + " is registered (wanted: "
            + (requiredReaderPackage.isEmpty() ? "any" : requiredReaderPackage + "*")
            + "); put"
            + " com.twelvemonkeys.imageio:imageio-jpeg on the class path, or call ImageIO.scanForPlugins()"
            + " when it is loaded by another class loader");
  }
}
