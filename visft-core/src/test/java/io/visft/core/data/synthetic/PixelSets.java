package io.visft.core.data.synthetic;

import io.visft.core.data.mask.BinaryMask;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * Independent Java2D rasterisation of COCO polygons, and 3x3 dilation/erosion, for the generator
 * tests.
 */
final class PixelSets {
  private PixelSets() {}

  /**
   * Pixels whose centre lies inside the polygon {@code [x1, y1, x2, y2, ...]}: Java2D's
   * non-antialiased fill with pure stroke control, so coordinates are not nudged to pixel centres.
   */
  static BinaryMask fillPolygon(double[] polygon, int height, int width) {
    Path2D.Double path = new Path2D.Double();
    path.moveTo(polygon[0], polygon[1]);
    for (int i = 2; i < polygon.length; i += 2) {
      path.lineTo(polygon[i], polygon[i + 1]);
    }
    path.closePath();
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g.setColor(Color.WHITE);
    g.fill(path);
    g.dispose();
    byte[] bits = new byte[height * width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        bits[y * width + x] = (byte) ((canvas.getRGB(x, y) & 0xFFFFFF) != 0 ? 1 : 0);
      }
    }
    return new BinaryMask(height, width, bits);
  }

  /** Set where any pixel of the 3x3 neighbourhood is set. */
  static BinaryMask dilate(BinaryMask m) {
    return neighbourhood(m, true);
  }

  /** Set where the whole 3x3 neighbourhood is set (pixels outside the image count as unset). */
  static BinaryMask erode(BinaryMask m) {
    return neighbourhood(m, false);
  }

  private static BinaryMask neighbourhood(BinaryMask m, boolean any) {
    int h = m.height();
    int w = m.width();
    byte[] out = new byte[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean result = !any;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int yy = y + dy;
            int xx = x + dx;
            boolean set = yy >= 0 && yy < h && xx >= 0 && xx < w && m.get(yy, xx);
            result = any ? result || set : result && set;
          }
        }
        out[y * w + x] = (byte) (result ? 1 : 0);
      }
    }
    return new BinaryMask(h, w, out);
  }

  static BinaryMask union(BinaryMask a, BinaryMask b) {
    byte[] out = new byte[a.bits().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (a.bits()[i] | b.bits()[i]);
    }
    return new BinaryMask(a.height(), a.width(), out);
  }
}
