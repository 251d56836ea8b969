package io.visft.core.data.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded {@link BufferedImage} of any layout into planar RGB floats.
 *
 * <p>Grey and sRGB images are read from their raster samples, scaled by each band's bit depth (8 or
 * 16 bits), so values are exactly {@code sample / (2^bits - 1)}. This matters for grey images:
 * Java2D tags them with a linear grey colour space and {@code getRGB} would brighten them (grey 128
 * becomes 188), while the file stores gamma-encoded values as every other decoder reads them.
 * Palette and other colour spaces go through {@code getRGB}, which applies the colour model. Alpha
 * is dropped, not composited. Stateless and thread-safe.
 */
final class RgbConversion {
  private RgbConversion() {}

  static RgbImage toRgb(BufferedImage image) {
    ColorModel model = image.getColorModel();
    boolean indexed = model instanceof IndexColorModel;
    if (!indexed && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      return fromBands(image.getRaster(), new int[] {0, 0, 0});
    }
    if (!indexed && model.getColorSpace().isCS_sRGB() && image.getRaster().getNumBands() >= 3) {
      return fromBands(image.getRaster(), new int[] {0, 1, 2});
    }
    return fromPackedRgb(image);
  }

  private static RgbImage fromBands(Raster raster, int[] bandOfChannel) {
    int h = raster.getHeight();
    int w = raster.getWidth();
    int plane = h * w;
    float[] planes = new float[3 * plane];
    int[] samples = new int[w];
    for (int c = 0; c < 3; c++) {
      int band = bandOfChannel[c];
      float maxValue = (1 << raster.getSampleModel().getSampleSize(band)) - 1;
      for (int y = 0; y < h; y++) {
        raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, band, samples);
        for (int x = 0; x < w; x++) {
          planes[c * plane + y * w + x] = samples[x] / maxValue;
        }
      }
    }
    return new RgbImage(h, w, planes);
  }

  private static RgbImage fromPackedRgb(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    int plane = h * w;
    float[] planes = new float[3 * plane];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        int i = y * w + x;
        planes[i] = ((argb >> 16) & 0xFF) / 255f;
        planes[plane + i] = ((argb >> 8) & 0xFF) / 255f;
        planes[2 * plane + i] = (argb & 0xFF) / 255f;
      }
    }
    return new RgbImage(h, w, planes);
  }
}
