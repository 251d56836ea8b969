package io.visft.heads.segmentation;

import com.google.common.base.Preconditions;

/**
 * One ground-truth instance of an image.
 *
 * @param label class in {@code [0, classes)}
 * @param height mask rows (the image height)
 * @param width mask columns (the image width)
 * @param pixels row-major {@code [height, width]} membership; not copied, do not modify
 */
public record InstanceMask(int label, int height, int width, boolean[] pixels) {

  public InstanceMask {
    Preconditions.checkArgument(label >= 0, "instance label must be >= 0, got %s", label);
    Preconditions.checkArgument(height > 0 && width > 0 && pixels.length == (long) height * width,
        "instance mask of %sx%s needs %s pixels, got %s", height, width, (long) height * width, pixels.length);
  }

  /** The mask as 0/1 floats {@code [height, width]}. */
  float[] asFloats() {
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = pixels[i] ? 1 : 0;
    }
    return out;
  }
}
