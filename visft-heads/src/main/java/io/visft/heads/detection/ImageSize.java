package io.visft.heads.detection;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The size of an unpadded image in pixels, to which normalised boxes are scaled.
 *
 * @param width pixels, {@code > 0}
 * @param height pixels, {@code > 0}
 */
public record ImageSize(int width, int height) {

  public ImageSize {
    checkArgument(width > 0 && height > 0, "image size must be positive, got %sx%s", width, height);
  }
}
