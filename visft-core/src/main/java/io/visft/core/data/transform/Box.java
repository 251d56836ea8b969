package io.visft.core.data.transform;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An axis-aligned box in pixel-edge coordinates, corners {@code (x0, y0)} top-left and
 * {@code (x1, y1)} bottom-right ("xyxy"). A box covering pixel columns {@code a..b-1} has
 * {@code x0 = a, x1 = b}; an image of width W spans {@code [0, W]}.
 *
 * @param x0 left edge
 * @param y0 top edge
 * @param x1 right edge, at least {@code x0}
 * @param y1 bottom edge, at least {@code y0}
 */
public record Box(float x0, float y0, float x1, float y1) {

  public Box {
    checkArgument(
        Float.isFinite(x0) && Float.isFinite(y0) && Float.isFinite(x1) && Float.isFinite(y1),
        "box corners must be finite, got (%s, %s, %s, %s)", x0, y0, x1, y1);
    checkArgument(x1 >= x0 && y1 >= y0, "box needs x1 >= x0 and y1 >= y0, got (%s, %s, %s, %s)", x0, y0, x1, y1);
  }

  /** A box from COCO's {@code [x, y, width, height]}. */
  public static Box fromXywh(double x, double y, double width, double height) {
    return new Box((float) x, (float) y, (float) (x + width), (float) (y + height));
  }

  /** {@code x1 - x0}. */
  public float width() {
    return x1 - x0;
  }

  /** {@code y1 - y0}. */
  public float height() {
    return y1 - y0;
  }

  /** {@code width * height}. */
  public float area() {
    return width() * height();
  }

  /** True when the box has no area; such boxes are dropped by crops, as DETR does. */
  public boolean isEmpty() {
    return !(x1 > x0 && y1 > y0);
  }

  /**
   * The box scaled from an image of {@code fromWidth x fromHeight} to {@code toWidth x toHeight}.
   * Computed as {@code x * to / from} in double precision, so a box inside the source image stays
   * inside the target image exactly.
   */
  public Box rescale(int fromHeight, int fromWidth, int toHeight, int toWidth) {
    return new Box(
        (float) ((double) x0 * toWidth / fromWidth),
        (float) ((double) y0 * toHeight / fromHeight),
        (float) ((double) x1 * toWidth / fromWidth),
        (float) ((double) y1 * toHeight / fromHeight));
  }

  /** The box mirrored left-right inside an image of the given width. */
  public Box flipHorizontal(int imageWidth) {
    return new Box(imageWidth - x1, y0, imageWidth - x0, y1);
  }

  /** The box in the frame of a crop whose top-left corner is {@code (left, top)}, clipped to it. */
  public Box cropTo(int top, int left, int height, int width) {
    return new Box(
        clamp(x0 - left, width), clamp(y0 - top, height), clamp(x1 - left, width), clamp(y1 - top, height));
  }

  private static float clamp(float v, int max) {
    return Math.min(Math.max(v, 0f), max);
  }
}
