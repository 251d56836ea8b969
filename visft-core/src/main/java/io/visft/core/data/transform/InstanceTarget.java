package io.visft.core.data.transform;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.geometry.Box;
import io.visft.core.data.mask.BinaryMask;

/**
 * One annotated object of an image: its category, its box and, for segmentation, its mask.
 *
 * @param categoryId the data set's category id (COCO ids run 1..90 with gaps)
 * @param box the box in pixel-edge xyxy coordinates of the image it belongs to
 * @param mask the object's pixels at the image's size, or {@code null} for box-only targets
 */
public record InstanceTarget(int categoryId, Box box, BinaryMask mask) {

  public InstanceTarget {
    checkArgument(categoryId >= 0, "category id must not be negative, got %s", categoryId);
    checkArgument(box != null, "an instance needs a box");
  }

  /** A box-only target (detection). */
  public static InstanceTarget ofBox(int categoryId, Box box) {
    return new InstanceTarget(categoryId, box, null);
  }
}
