package io.visft.core.eval.region;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One object to identify: a box in an embedded image and its class.
 *
 * @param image index of the image in the embedded set, ≥ 0
 * @param x0 left edge, in pixels of the image as embedded (after resizing)
 * @param y0 top edge
 * @param x1 right edge, {@code > x0}
 * @param y1 bottom edge, {@code > y0}
 * @param label class in {@code [0, classes)}
 */
public record Region(int image, float x0, float y0, float x1, float y1, int label) {

  public Region {
    checkArgument(image >= 0 && label >= 0, "region needs image >= 0 and label >= 0, got %s and %s", image, label);
    checkArgument(x1 > x0 && y1 > y0, "region box (%s, %s, %s, %s) of image %s is empty; expected x1 > x0 and y1 > y0", x0, y0,
        x1, y1, image);
  }
}
