package io.visft.core.data.mask;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An axis-aligned box in COCO's {@code [x, y, width, height]} convention: {@code (x, y)} is the
 * top-left corner in pixels, and the box covers {@code [x, x + width) × [y, y + height)}.
 *
 * <p>Areas follow COCO: {@code width * height}, with no "+1" pixel convention.
 *
 * @param x left edge in pixels
 * @param y top edge in pixels
 * @param width extent along x, {@code >= 0}
 * @param height extent along y, {@code >= 0}
 */
public record BoundingBox(double x, double y, double width, double height) {

  /** Validates that every coordinate is finite and the extents are not negative. */
  public BoundingBox {
    checkArgument(
        Double.isFinite(x)
            && Double.isFinite(y)
            && Double.isFinite(width)
            && Double.isFinite(height),
        "bounding box [%s, %s, %s, %s] has a non-finite coordinate; expected finite [x, y, width,"
            + " height]",
        x,
        y,
        width,
        height);
    checkArgument(
        width >= 0 && height >= 0,
        "bounding box [%s, %s, %s, %s] has a negative extent; expected width >= 0 and height >= 0"
            + " in [x, y, width, height] order (not [x1, y1, x2, y2])",
        x,
        y,
        width,
        height);
  }

  /** The area {@code width * height}. */
  public double area() {
    return width * height;
  }

  /** The right edge {@code x + width}. */
  public double right() {
    return x + width;
  }

  /** The bottom edge {@code y + height}. */
  public double bottom() {
    return y + height;
  }
}
