package io.visft.core.data.transform;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.image.RgbImage;
import io.visft.core.data.mask.BinaryMask;
import java.util.List;

/**
 * An image travelling through the transforms together with its targets and its padding mask.
 *
 * <p>All masks have the image's size: instance masks mark their object, {@code padding} marks the
 * pixels added by padding (1 = padded), so later stages (batching, attention masks) know which
 * pixels are not part of the photo. Immutable if its arrays are not mutated; thread-safe to share.
 *
 * @param image the pixels, {@code [3, H, W]}
 * @param instances the objects, in annotation order
 * @param padding {@code [H, W]}, 1 where the pixel is padding
 */
public record AnnotatedImage(RgbImage image, List<InstanceTarget> instances, BinaryMask padding) {

  public AnnotatedImage {
    instances = List.copyOf(instances);
    checkArgument(
        padding.height() == image.height() && padding.width() == image.width(),
        "padding mask is %sx%s but the image is %sx%s",
        padding.height(),
        padding.width(),
        image.height(),
        image.width());
    for (int i = 0; i < instances.size(); i++) {
      BinaryMask mask = instances.get(i).mask();
      checkArgument(
          mask == null || (mask.height() == image.height() && mask.width() == image.width()),
          "instance %s has a %sx%s mask but the image is %sx%s",
          i,
          mask == null ? 0 : mask.height(),
          mask == null ? 0 : mask.width(),
          image.height(),
          image.width());
    }
  }

  /** An unpadded image with its targets. */
  public static AnnotatedImage of(RgbImage image, List<InstanceTarget> instances) {
    return new AnnotatedImage(image, instances, BinaryMask.zeros(image.height(), image.width()));
  }

  /** Image rows. */
  public int height() {
    return image.height();
  }

  /** Image columns. */
  public int width() {
    return image.width();
  }
}
