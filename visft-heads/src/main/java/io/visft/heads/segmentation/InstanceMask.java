package io.visft.heads.segmentation;

import com.google.common.base.Preconditions;
import io.visft.core.data.mask.BinaryMask;

/**
 * One ground-truth instance of an image.
 *
 * @param label class in {@code [0, classes)}
 * @param mask the instance's pixels {@code [height, width]} at the image's size
 */
public record InstanceMask(int label, BinaryMask mask) {

  public InstanceMask {
    Preconditions.checkArgument(label >= 0, "instance label must be >= 0, got %s", label);
    Preconditions.checkArgument(mask != null, "instance of label %s needs a mask", label);
  }

  /** The mask as 0/1 floats {@code [height, width]}. */
  float[] asFloats() {
    byte[] bits = mask.bits();
    float[] out = new float[bits.length];
    for (int i = 0; i < bits.length; i++) {
      out[i] = bits[i];
    }
    return out;
  }
}
