package io.visft.core.data.synthetic;

import java.awt.Color;
import java.util.Locale;

/**
 * The saturated fill colours of synthetic shapes; backgrounds stay muted so the two never coincide.
 */
public enum ShapeColor {
  RED(new Color(220, 40, 40)),
  GREEN(new Color(40, 170, 60)),
  BLUE(new Color(40, 80, 220)),
  YELLOW(new Color(235, 200, 30));

  private final Color color;

  ShapeColor(Color color) {
    this.color = color;
  }

  /** The fill colour. */
  public Color color() {
    return color;
  }

  /** A darker shade, the second tone of held-out striped fills. */
  public Color shade() {
    return new Color(color.getRed() / 2, color.getGreen() / 2, color.getBlue() / 2);
  }

  /** The caption word, such as "red". */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
