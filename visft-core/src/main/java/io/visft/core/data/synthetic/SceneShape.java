package io.visft.core.data.synthetic;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * One shape of a synthetic scene, placed in the frame {@code [x, x + width] x [y, y + height]}
 * (pixel-edge coordinates).
 *
 * <p>A rectangle fills the frame, an ellipse is inscribed in it, and a triangle has its apex on the
 * top edge at {@code x + apex * width} and its base on the bottom edge.
 *
 * @param kind the class
 * @param color the fill colour
 * @param x left edge of the frame
 * @param y top edge of the frame
 * @param width frame width, positive
 * @param height frame height, positive
 * @param apex horizontal position of a triangle's apex as a fraction of the width, in [0, 1]
 */
public record SceneShape(
    ShapeKind kind,
    ShapeColor color,
    double x,
    double y,
    double width,
    double height,
    double apex) {

  /**
   * Vertices of the polygon that approximates an ellipse; the chord error is under 0.5% of the
   * radius.
   */
  public static final int ELLIPSE_VERTICES = 32;

  public SceneShape {
    checkArgument(
        width > 0 && height > 0,
        "shape frame must have a positive size, got %s x %s",
        width,
        height);
    checkArgument(apex >= 0 && apex <= 1, "triangle apex fraction must be in [0, 1], got %s", apex);
  }

  /** The exact outline that is drawn and rasterised. */
  public Shape outline() {
    return switch (kind) {
      case RECTANGLE -> new Rectangle2D.Double(x, y, width, height);
      case ELLIPSE -> new Ellipse2D.Double(x, y, width, height);
      case TRIANGLE -> {
        Path2D.Double path = new Path2D.Double();
        double[] p = polygon();
        path.moveTo(p[0], p[1]);
        path.lineTo(p[2], p[3]);
        path.lineTo(p[4], p[5]);
        path.closePath();
        yield path;
      }
    };
  }

  /**
   * The COCO polygon {@code [x1, y1, x2, y2, ...]}: the exact corners of rectangles and triangles,
   * and {@link #ELLIPSE_VERTICES} points on the boundary of an ellipse.
   */
  public double[] polygon() {
    return switch (kind) {
      case RECTANGLE -> new double[] {x, y, x + width, y, x + width, y + height, x, y + height};
      case TRIANGLE -> new double[] {x + apex * width, y, x + width, y + height, x, y + height};
      case ELLIPSE -> {
        double[] p = new double[2 * ELLIPSE_VERTICES];
        for (int i = 0; i < ELLIPSE_VERTICES; i++) {
          double t = 2 * Math.PI * i / ELLIPSE_VERTICES;
          p[2 * i] = x + width / 2 * (1 + Math.cos(t));
          p[2 * i + 1] = y + height / 2 * (1 + Math.sin(t));
        }
        yield p;
      }
    };
  }

  /** Horizontal centre of the frame. */
  public double centerX() {
    return x + width / 2;
  }

  /** Vertical centre of the frame. */
  public double centerY() {
    return y + height / 2;
  }

  /** The word a caption uses for this shape ("square", "oval", ...). */
  public String noun() {
    return kind.captionNoun(width / height);
  }
}
