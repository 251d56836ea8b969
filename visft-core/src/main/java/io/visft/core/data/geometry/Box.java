package io.visft.core.data.geometry;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An axis-aligned box in pixel-edge coordinates, corners {@code (x0, y0)} top-left and {@code (x1,
 * y1)} bottom-right ("xyxy"). A box covering pixel columns {@code a..b-1} has {@code x0 = a, x1 =
 * b}; an image of width W spans {@code [0, W]}.
 *
 * <p>The one box type from the COCO reader through the transforms to the heads' targets and the
 * COCO evaluation: COCO's {@code [x, y, width, height]} converts with {@link #fromXywh} and {@link
 * #xywh()}; areas follow COCO ({@code width * height}, no "+1" pixel convention). Immutable and
 * thread-safe.
 *
 * @param x0 left edge
 * @param y0 top edge
 * @param x1 right edge, at least {@code x0}
 * @param y1 bottom edge, at least {@code y0}
 */
public record Box(double x0, double y0, double x1, double y1) {

  /** Validates that every corner is finite and the corners are ordered. */
  public Box {
    checkArgument(
        Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(x1) && Double.isFinite(y1),
        "box corners must be finite, got (%s, %s, %s, %s)",
        x0,
        y0,
        x1,
        y1);
    checkArgument(
        x1 >= x0 && y1 >= y0,
        "box needs x1 >= x0 and y1 >= y0, got (%s, %s, %s, %s)",
        x0,
        y0,
        x1,
        y1);
  }

  /**
   * A box from COCO's {@code [x, y, width, height]}: {@code (x, y)} is the top-left corner and the
   * box covers {@code [x, x + width) × [y, y + height)}.
   *
   * @throws IllegalArgumentException if a number is not finite or an extent is negative
   */
  public static Box fromXywh(double x, double y, double width, double height) {
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
    return new Box(x, y, x + width, y + height);
  }

  /** The corners as {@code [x0, y0, x1, y1]}, the row layout of {@link BoxOps}. */
  public double[] xyxy() {
    return new double[] {x0, y0, x1, y1};
  }

  /** COCO's {@code [x, y, width, height]}. */
  public double[] xywh() {
    return new double[] {x0, y0, width(), height()};
  }

  /** {@code x1 - x0}. */
  public double width() {
    return x1 - x0;
  }

  /** {@code y1 - y0}. */
  public double height() {
    return y1 - y0;
  }

  /** {@code width * height}. */
  public double area() {
    return width() * height();
  }

  /** True when the box has no area; such boxes are dropped by crops, as DETR does. */
  public boolean isEmpty() {
    return !(x1 > x0 && y1 > y0);
  }

  /**
   * The box scaled from an image of {@code fromWidth x fromHeight} to {@code toWidth x toHeight},
   * computed as {@code x * to / from}, so a box inside the source image stays inside the target
   * image exactly.
   */
  public Box rescale(int fromHeight, int fromWidth, int toHeight, int toWidth) {
    return new Box(
        x0 * toWidth / fromWidth,
        y0 * toHeight / fromHeight,
        x1 * toWidth / fromWidth,
        y1 * toHeight / fromHeight);
  }

  /** The box mirrored left-right inside an image of the given width. */
  public Box flipHorizontal(int imageWidth) {
    return new Box(imageWidth - x1, y0, imageWidth - x0, y1);
  }

  /** The box in the frame of a crop whose top-left corner is {@code (left, top)}, clipped to it. */
  public Box cropTo(int top, int left, int height, int width) {
    return new Box(
        clamp(x0 - left, width),
        clamp(y0 - top, height),
        clamp(x1 - left, width),
        clamp(y1 - top, height));
  }

  private static double clamp(double v, int max) {
    return Math.min(Math.max(v, 0), max);
  }
}
