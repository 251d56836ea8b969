package io.visft.core.data.image;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.HostTensor;
import java.util.Arrays;

/**
 * A decoded RGB image as planar floats in [0, 1]: layout {@code [3, height, width]}, channel order
 * R, G, B, rows top to bottom.
 *
 * <p>Ownership: the record shares the {@code planes} array it is given and hands it out without
 * copying, so that large images are not copied on every access. Treat it as immutable; every
 * operation in this library returns a new image. Safe to share between threads once built.
 *
 * @param height rows, positive
 * @param width columns, positive
 * @param planes {@code 3 * height * width} values, channel-major
 */
public record RgbImage(int height, int width, float[] planes) {

  public RgbImage {
    checkArgument(
        height > 0 && width > 0, "image size must be positive, got %sx%s (h x w)", height, width);
    checkArgument(
        planes.length == 3L * height * width,
        "an RGB image of %sx%s needs %s planar values, got %s",
        height,
        width,
        3L * height * width,
        planes.length);
  }

  /** An image of one colour. */
  public static RgbImage filled(int height, int width, RgbColor color) {
    checkArgument(
        height > 0 && width > 0, "image size must be positive, got %sx%s (h x w)", height, width);
    int plane = height * width;
    float[] planes = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      Arrays.fill(planes, c * plane, (c + 1) * plane, color.component(c));
    }
    return new RgbImage(height, width, planes);
  }

  /** Number of pixels, {@code height * width}. */
  public int pixelCount() {
    return height * width;
  }

  /** The value of channel {@code c} (0 = R, 1 = G, 2 = B) at row {@code y}, column {@code x}. */
  public float get(int c, int y, int x) {
    return planes[(c * height + y) * width + x];
  }

  /** A copy as an F32 tensor of shape {@code [3, height, width]}, values in [0, 1]. */
  public HostTensor toTensor() {
    return HostTensor.ofFloats(planes, 3, height, width);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other
        && other.height == height
        && other.width == width
        && Arrays.equals(other.planes, planes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(planes);
  }

  @Override
  public String toString() {
    return "RgbImage[" + height + "x" + width + "]";
  }
}
