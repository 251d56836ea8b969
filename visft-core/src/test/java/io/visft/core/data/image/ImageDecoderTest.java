package io.visft.core.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageDecoderTest {

  private static BufferedImage noise(int w, int h, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, rng.nextInt(1 << 24));
      }
    }
    return image;
  }

  @Test
  void pngRgbDecodesExactlyAsPlanarFloats() {
    BufferedImage source = noise(7, 5, 1);
    RgbImage decoded = ImageDecoder.decode(TestImages.png(source), "noise.png");
    assertEquals(5, decoded.height());
    assertEquals(7, decoded.width());
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 7; x++) {
        int rgb = source.getRGB(x, y);
        assertEquals(((rgb >> 16) & 0xFF) / 255f, decoded.get(0, y, x), 0f);
        assertEquals(((rgb >> 8) & 0xFF) / 255f, decoded.get(1, y, x), 0f);
        assertEquals((rgb & 0xFF) / 255f, decoded.get(2, y, x), 0f);
      }
    }
  }

  @Test
  void sixteenBitGreyPngKeepsItsSamplesOnAllThreeChannels() {
    BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
    int[] samples = {0, 1000, 32768, 40000, 65000, 65535};
    grey.getRaster().setSamples(0, 0, 3, 2, 0, samples);
    RgbImage decoded = ImageDecoder.decode(TestImages.png(grey), "grey16.png");
    for (int i = 0; i < samples.length; i++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(samples[i] / 65535f, decoded.get(c, i / 3, i % 3), 1e-7f);
      }
    }
  }

  @Test
  void palettePngAndAlphaPngDecodeToTheirColours() {
    byte[] reds = {(byte) 255, 0, 10};
    byte[] greens = {0, (byte) 255, 20};
    byte[] blues = {0, 0, 30};
    BufferedImage indexed =
        new BufferedImage(
            3, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 3, reds, greens, blues));
    indexed.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {2, 0, 1});
    RgbImage decoded = ImageDecoder.decode(TestImages.png(indexed), "palette.png");
    assertArrayEquals(
        new float[] {10 / 255f, 1, 0, 20 / 255f, 0, 1, 30 / 255f, 0, 0}, decoded.planes(), 1e-7f);

    BufferedImage transparent = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    transparent.setRGB(0, 0, 0x00336699);
    transparent.setRGB(1, 0, 0xFF112233);
    RgbImage noAlpha = ImageDecoder.decode(TestImages.png(transparent), "alpha.png");
    assertArrayEquals(
        new float[] {0x33 / 255f, 0x11 / 255f, 0x66 / 255f, 0x22 / 255f, 0x99 / 255f, 0x33 / 255f},
        noAlpha.planes(),
        1e-7f);
  }

  @Test
  void rgbJpegDecodesCloseToItsSource() {
    BufferedImage source = new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        source.setRGB(x, y, new Color(x * 8, y * 10, 128).getRGB());
      }
    }
    RgbImage decoded = ImageDecoder.decode(TestImages.jpeg(source), "gradient.jpg");
    double error = 0;
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        Color c = new Color(source.getRGB(x, y));
        error +=
            Math.abs(decoded.get(0, y, x) - c.getRed() / 255.0)
                + Math.abs(decoded.get(1, y, x) - c.getGreen() / 255.0)
                + Math.abs(decoded.get(2, y, x) - c.getBlue() / 255.0);
      }
    }
    assertTrue(
        error / (3 * 32 * 24) < 2.0 / 255,
        "mean absolute error " + error / (3 * 32 * 24) * 255 + " levels");
  }

  @Test
  void greyJpegKeepsItsStoredLevelsInsteadOfALinearGreyConversion() {
    BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = grey.getRaster();
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        raster.setSample(x, y, 0, 128);
      }
    }
    RgbImage decoded = ImageDecoder.decode(TestImages.jpeg(grey), "grey.jpg");
    for (int c = 0; c < 3; c++) {
      // Java2D's getRGB would report 188 here; the file stores 128.
      assertEquals(128 / 255f, decoded.get(c, 8, 8), 2 / 255f);
    }
  }

  /** A 16x16 Adobe JPEG whose 4 stored channels are the given values everywhere. */
  private static byte[] adobeJpeg(int[] storedChannels, int transform) {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        raster.setPixel(x, y, storedChannels);
      }
    }
    return TestImages.insertSegment(
        TestImages.jpegOfRaster(raster), TestImages.adobeSegment(transform));
  }

  /** Adobe files store CMYK inverted (255 - ink). */
  private static byte[] cmykJpeg(int c, int m, int y, int k) {
    return adobeJpeg(new int[] {255 - c, 255 - m, 255 - y, 255 - k}, 0);
  }

  @Test
  void cmykJpegDecodesToRgb() {
    RgbImage red = ImageDecoder.decode(cmykJpeg(0, 255, 255, 0), "red-cmyk.jpg");
    assertTrue(
        red.get(0, 8, 8) > 0.8f && red.get(1, 8, 8) < 0.2f && red.get(2, 8, 8) < 0.2f, pixel(red));
    RgbImage cyan = ImageDecoder.decode(cmykJpeg(255, 0, 0, 0), "cyan-cmyk.jpg");
    assertTrue(
        cyan.get(0, 8, 8) < 0.3f && cyan.get(1, 8, 8) > 0.5f && cyan.get(2, 8, 8) > 0.7f,
        pixel(cyan));
    RgbImage black = ImageDecoder.decode(cmykJpeg(0, 0, 0, 255), "black-cmyk.jpg");
    assertTrue(
        black.get(0, 8, 8) < 0.25f && black.get(1, 8, 8) < 0.25f && black.get(2, 8, 8) < 0.25f,
        pixel(black));
  }

  @Test
  void ycckJpegDecodesToRgb() {
    // YCCK holds the CMY inks as an RGB triple in YCbCr (JFIF matrix), and K inverted.
    int r = 0;
    int g = 255;
    int b = 255;
    int luma = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    int cb = (int) Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128);
    int cr = (int) Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128);
    RgbImage red = ImageDecoder.decode(adobeJpeg(new int[] {luma, cb, cr, 255}, 2), "red-ycck.jpg");
    assertTrue(
        red.get(0, 8, 8) > 0.8f && red.get(1, 8, 8) < 0.2f && red.get(2, 8, 8) < 0.2f, pixel(red));
  }

  private static String pixel(RgbImage image) {
    return "decoded ("
        + image.get(0, 8, 8)
        + ", "
        + image.get(1, 8, 8)
        + ", "
        + image.get(2, 8, 8)
        + ")";
  }

  /**
   * Where the stored 0th row and 0th column are shown, per orientation value (EXIF 2.3, tag 274).
   */
  private enum Side {
    TOP,
    BOTTOM,
    LEFT,
    RIGHT;

    Side opposite() {
      return switch (this) {
        case TOP -> BOTTOM;
        case BOTTOM -> TOP;
        case LEFT -> RIGHT;
        case RIGHT -> LEFT;
      };
    }
  }

  private static final Side[][] ROW0_COL0_SIDES = {
    null,
    {Side.TOP, Side.LEFT},
    {Side.TOP, Side.RIGHT},
    {Side.BOTTOM, Side.RIGHT},
    {Side.BOTTOM, Side.LEFT},
    {Side.LEFT, Side.TOP},
    {Side.RIGHT, Side.TOP},
    {Side.RIGHT, Side.BOTTOM},
    {Side.LEFT, Side.BOTTOM},
  };

  static Stream<Arguments> orientations() {
    return Stream.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)
        .flatMap(
            order -> Stream.iterate(1, o -> o <= 8, o -> o + 1).map(o -> Arguments.of(o, order)));
  }

  @ParameterizedTest(name = "orientation {0}, {1}")
  @MethodSource("orientations")
  void exifOrientationIsApplied(int orientation, ByteOrder order) {
    int w = 48;
    int h = 32;
    Color[][] quadrant = {
      {Color.RED, Color.GREEN}, {Color.BLUE, Color.WHITE}
    }; // [storedRowHalf][storedColHalf]
    BufferedImage stored = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = stored.createGraphics();
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        g.setColor(quadrant[r][c]);
        g.fillRect(c * w / 2, r * h / 2, w / 2, h / 2);
      }
    }
    g.dispose();
    byte[] jpeg =
        TestImages.insertSegment(
            TestImages.jpeg(stored), TestImages.exifOrientationSegment(orientation, order));

    RgbImage decoded = ImageDecoder.decode(jpeg, "rotated-" + orientation + ".jpg");

    boolean swapped = orientation >= 5;
    assertEquals(swapped ? w : h, decoded.height());
    assertEquals(swapped ? h : w, decoded.width());
    Side rowSide = ROW0_COL0_SIDES[orientation][0];
    Side colSide = ROW0_COL0_SIDES[orientation][1];
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        Side s1 = r == 0 ? rowSide : rowSide.opposite();
        Side s2 = c == 0 ? colSide : colSide.opposite();
        boolean top = s1 == Side.TOP || s2 == Side.TOP;
        boolean left = s1 == Side.LEFT || s2 == Side.LEFT;
        int x = left ? decoded.width() / 4 : 3 * decoded.width() / 4;
        int y = top ? decoded.height() / 4 : 3 * decoded.height() / 4;
        Color expected = quadrant[r][c];
        float[] got = {decoded.get(0, y, x), decoded.get(1, y, x), decoded.get(2, y, x)};
        float[] want = {
          expected.getRed() / 255f, expected.getGreen() / 255f, expected.getBlue() / 255f
        };
        assertArrayEquals(
            want,
            got,
            0.06f,
            "stored quadrant (" + r + "," + c + ") at display (" + y + "," + x + ")");
      }
    }
  }

  @Test
  void truncatedJpegIsRejectedNamingTheFile() {
    byte[] full = TestImages.jpeg(noise(64, 64, 2));
    byte[] cut = Arrays.copyOf(full, full.length * 6 / 10);
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> ImageDecoder.decode(cut, "photos/cut.jpg"));
    assertTrue(
        e.getMessage().contains("photos/cut.jpg") && e.getMessage().contains("truncated"),
        e.getMessage());
  }

  @Test
  void truncatedPngIsRejectedNamingTheFile() {
    byte[] full = TestImages.png(noise(64, 64, 3));
    byte[] cut = Arrays.copyOf(full, full.length * 6 / 10);
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> ImageDecoder.decode(cut, "cut.png"));
    assertTrue(e.getMessage().startsWith("cut.png: corrupt or truncated PNG"), e.getMessage());
  }

  @Test
  void jpegWithGarbageAfterTheHeaderIsRejected() {
    byte[] garbage = new byte[300];
    new SplittableRandom(4).nextBytes(garbage);
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    garbage[2] = (byte) 0xFF;
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> ImageDecoder.decode(garbage, "junk.jpg"));
    assertTrue(e.getMessage().startsWith("junk.jpg: "), e.getMessage());
  }

  @Test
  void unsupportedFormatsAreRejectedWithTheirLeadingBytes() {
    byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0};
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> ImageDecoder.decode(tiff, "scan.tif"));
    assertTrue(
        e.getMessage().contains("scan.tif") && e.getMessage().contains("49 49 2A 00"),
        e.getMessage());
    FileFormatException empty =
        assertThrows(
            FileFormatException.class, () -> ImageDecoder.decode(new byte[0], "empty.jpg"));
    assertTrue(empty.getMessage().contains("<empty file>"), empty.getMessage());
  }

  @Test
  void decodesFromAFileAndReportsAMissingOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.png");
    Files.write(file, TestImages.png(noise(4, 3, 5)));
    assertEquals(3, ImageDecoder.decode(file).height());
    Path missing = dir.resolve("missing.png");
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> ImageDecoder.decode(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void aSolidPngAboveThePixelLimitIsRefusedBeforeDecoding() {
    BufferedImage solid = new BufferedImage(5000, 5000, BufferedImage.TYPE_BYTE_BINARY);
    byte[] png = TestImages.png(solid);
    assertTrue(png.length < 100_000, png.length + " bytes");
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> ImageDecoder.decode(png, "bomb.png"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "bomb.png: PNG image of 5000x5000 (w x h) has 25000000 pixels, more than "
                    + "the limit of 24000000"),
        e.getMessage());
    assertTrue(e.getMessage().contains("-Dvisft.image.maxPixels=<pixels>"), e.getMessage());
  }

  @Test
  void thePixelLimitIsASetting() {
    byte[] png = TestImages.png(noise(4, 3, 9));
    try {
      System.setProperty(ImageDecoder.MAX_PIXELS_PROPERTY, "11");
      assertTrue(
          assertThrows(FileFormatException.class, () -> ImageDecoder.decode(png, "small.png"))
              .getMessage()
              .contains("has 12 pixels, more than the limit of 11"));
      System.setProperty(ImageDecoder.MAX_PIXELS_PROPERTY, "12");
      assertEquals(3, ImageDecoder.decode(png, "small.png").height());
      System.setProperty(ImageDecoder.MAX_PIXELS_PROPERTY, "lots");
      assertTrue(
          assertThrows(ConfigException.class, () -> ImageDecoder.decode(png, "small.png"))
              .getMessage()
              .startsWith("-Dvisft.image.maxPixels=lots is not a positive whole number of pixels"));
    } finally {
      System.clearProperty(ImageDecoder.MAX_PIXELS_PROPERTY);
    }
  }
}
