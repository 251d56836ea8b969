package io.visft.core.data.synthetic;

import io.visft.core.data.mask.BinaryMask;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.TexturePaint;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws scenes with Java2D, without antialiasing, and rasterises each shape's outline into its own
 * mask with the same rasteriser, so a mask is exactly the set of pixels its shape was painted on
 * (before later shapes cover some of them). Stateless and thread-safe.
 */
public final class SceneRenderer {
  private static final int STRIPE_WIDTH = 3;

  private SceneRenderer() {}

  /** A rendered scene: the RGB image and one full (amodal) mask per shape, in drawing order. */
  public record RenderedScene(BufferedImage image, List<BinaryMask> masks) {
    public RenderedScene {
      masks = List.copyOf(masks);
    }
  }

  /** Renders {@code scene}; the image is {@code TYPE_INT_RGB}. */
  public static RenderedScene render(Scene scene) {
    BufferedImage image =
        new BufferedImage(scene.width(), scene.height(), BufferedImage.TYPE_INT_RGB);
    scene.background().paint(image);
    Graphics2D g = aliasedGraphics(image);
    List<BinaryMask> masks = new ArrayList<>(scene.shapes().size());
    for (SceneShape shape : scene.shapes()) {
      g.setPaint(fill(shape, scene.domain()));
      g.fill(shape.outline());
      masks.add(rasterise(shape, scene.width(), scene.height()));
    }
    g.dispose();
    return new RenderedScene(image, masks);
  }

  private static Paint fill(SceneShape shape, SceneDomain domain) {
    if (domain == SceneDomain.IN_DOMAIN) {
      return shape.color().color();
    }
    BufferedImage tile =
        new BufferedImage(2 * STRIPE_WIDTH, 2 * STRIPE_WIDTH, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < tile.getHeight(); y++) {
      for (int x = 0; x < tile.getWidth(); x++) {
        Color c =
            Math.floorMod(x + y, 2 * STRIPE_WIDTH) < STRIPE_WIDTH
                ? shape.color().color()
                : shape.color().shade();
        tile.setRGB(x, y, c.getRGB());
      }
    }
    return new TexturePaint(tile, new Rectangle(0, 0, tile.getWidth(), tile.getHeight()));
  }

  private static BinaryMask rasterise(SceneShape shape, int width, int height) {
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = aliasedGraphics(canvas);
    g.setColor(Color.WHITE);
    g.fill(shape.outline());
    g.dispose();
    byte[] grey = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
    byte[] bits = new byte[grey.length];
    for (int i = 0; i < grey.length; i++) {
      bits[i] = grey[i] == 0 ? (byte) 0 : (byte) 1;
    }
    return new BinaryMask(height, width, bits);
  }

  private static Graphics2D aliasedGraphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    return g;
  }
}
