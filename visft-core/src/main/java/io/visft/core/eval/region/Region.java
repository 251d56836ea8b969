package io.visft.core.eval.region;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.geometry.Box;

/**
 * One object to identify: a box in an embedded image and its class.
 *
 * @param image index of the image in the embedded set, ≥ 0
 * @param box the box in pixels of the image as embedded (after resizing), not empty
 * @param label class in {@code [0, classes)}
 */
public record Region(int image, Box box, int label) {

  public Region {
    checkArgument(
        image >= 0 && label >= 0,
        "region needs image >= 0 and label >= 0, got %s and %s",
        image,
        label);
    checkArgument(
        !box.isEmpty(),
        "region box %s of image %s is empty; expected x1 > x0 and y1 > y0",
        box,
        image);
  }
}
