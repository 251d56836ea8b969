package io.visft.core.data.coco;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * An image entry of a COCO file.
 *
 * @param id the image id annotations refer to
 * @param fileName the image file name relative to the image folder
 * @param width columns in pixels, {@code > 0}
 * @param height rows in pixels, {@code > 0}
 */
public record CocoImage(long id, String fileName, int width, int height) {

  /** Validates the size and that the name is present. */
  public CocoImage {
    Objects.requireNonNull(fileName, "fileName");
    checkArgument(
        width > 0 && height > 0,
        "image %s has size %sx%s; expected a positive width and height",
        id,
        width,
        height);
  }
}
