package io.visft.api;

/**
 * The size of an image in pixels.
 *
 * @param height rows, at least 1
 * @param width columns, at least 1
 */
public record ImageSize(int height, int width) {

  /**
   * @throws ShapeException if a side is below 1
   */
  public ImageSize {
    if (height < 1 || width < 1) {
      throw new ShapeException(
          String.format(
              "image size (height %d, width %d) must have both sides >= 1; an empty image has no pixels to train on",
              height, width));
    }
  }

  /** A {@code side × side} image. */
  public static ImageSize square(int side) {
    return new ImageSize(side, side);
  }
}
