package io.visft.core.data.image;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Per-channel normalisation {@code (value - mean[c]) / std[c]} of [0, 1] RGB images.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mean R, G, B means, in [0, 1]
 * @param std R, G, B standard deviations, positive
 */
public record ImageNormalization(float[] mean, float[] std) {

  public ImageNormalization {
    if (mean.length != 3 || std.length != 3) {
      throw new ConfigException(
          "ImageNormalization needs 3 means and 3 stds (R, G, B), got mean="
              + Arrays.toString(mean)
              + " std="
              + Arrays.toString(std)
              + "; use ImageNormalization.imagenet() for the EVA default");
    }
    for (int c = 0; c < 3; c++) {
      if (!(std[c] > 0) || !Float.isFinite(std[c]) || !Float.isFinite(mean[c])) {
        throw new ConfigException(
            "ImageNormalization channel "
                + c
                + " has mean="
                + mean[c]
                + " std="
                + std[c]
                + "; means must be finite and stds finite and positive");
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * The ImageNet statistics EVA models are trained with: mean (0.485, 0.456, 0.406), std (0.229,
   * 0.224, 0.225).
   */
  public static ImageNormalization imagenet() {
    return new ImageNormalization(
        new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
  }

  /** A copy of the means. */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /** A copy of the standard deviations. */
  @Override
  public float[] std() {
    return std.clone();
  }

  /** The normalised image as a new F32 tensor of shape {@code [3, height, width]}. */
  public HostTensor toTensor(RgbImage image) {
    ByteBuffer bytes =
        ByteBuffer.allocate(3 * image.pixelCount() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    writeInto(image, bytes.asFloatBuffer(), 0, image.height(), image.width());
    return new HostTensor(DType.F32, new long[] {3, image.height(), image.width()}, bytes);
  }

  /**
   * Writes the normalised image into the top-left corner of a zero-padded canvas of shape {@code
   * [3, canvasHeight, canvasWidth]} that starts at {@code offset} in {@code dst}. Canvas values
   * outside the image are set to 0 (the mean colour). The buffer's position is not changed.
   */
  public void writeInto(
      RgbImage image, FloatBuffer dst, int offset, int canvasHeight, int canvasWidth) {
    int h = image.height();
    int w = image.width();
    checkArgument(
        canvasHeight >= h && canvasWidth >= w,
        "canvas %sx%s is smaller than the image %sx%s",
        canvasHeight,
        canvasWidth,
        h,
        w);
    checkArgument(
        offset >= 0 && offset + 3L * canvasHeight * canvasWidth <= dst.limit(),
        "canvas of 3x%sx%s at offset %s does not fit a buffer of %s floats",
        canvasHeight,
        canvasWidth,
        offset,
        dst.limit());
    float[] src = image.planes();
    float[] row = new float[canvasWidth];
    for (int c = 0; c < 3; c++) {
      float m = mean[c];
      float s = std[c];
      for (int y = 0; y < canvasHeight; y++) {
        Arrays.fill(row, 0f);
        if (y < h) {
          int base = (c * h + y) * w;
          for (int x = 0; x < w; x++) {
            row[x] = (src[base + x] - m) / s;
          }
        }
        dst.put(offset + (c * canvasHeight + y) * canvasWidth, row, 0, canvasWidth);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageNormalization n
        && Arrays.equals(n.mean, mean)
        && Arrays.equals(n.std, std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "ImageNormalization[mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + "]";
  }
}
