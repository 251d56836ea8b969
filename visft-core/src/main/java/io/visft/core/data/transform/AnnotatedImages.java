package io.visft.core.data.transform;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.geometry.Box;
import io.visft.core.data.image.RgbColor;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.mask.BinaryMask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The deterministic geometric operations on an {@link AnnotatedImage} that every transform is built
 * from. Each moves the image, the instance boxes and masks, and the padding mask together, so they
 * stay aligned.
 *
 * <p>Images are resampled bilinearly, masks by nearest neighbour; boxes are mapped exactly.
 * Stateless and thread-safe.
 */
public final class AnnotatedImages {
  private AnnotatedImages() {}

  /** Mirrors left-right. */
  public static AnnotatedImage flipHorizontal(AnnotatedImage sample) {
    int h = sample.height();
    int w = sample.width();
    RgbImage image = new RgbImage(h, w, Planes.flipRows(sample.image().planes(), 3, h, w));
    List<InstanceTarget> instances = new ArrayList<>(sample.instances().size());
    for (InstanceTarget t : sample.instances()) {
      instances.add(
          new InstanceTarget(
              t.categoryId(), t.box().flipHorizontal(w), t.mask() == null ? null : flip(t.mask())));
    }
    return new AnnotatedImage(image, instances, flip(sample.padding()));
  }

  /** Resizes to exactly {@code height x width} (the aspect ratio may change). */
  public static AnnotatedImage resize(AnnotatedImage sample, int height, int width) {
    checkArgument(
        height > 0 && width > 0, "resize target must be positive, got %sx%s", height, width);
    int h = sample.height();
    int w = sample.width();
    if (h == height && w == width) {
      return sample;
    }
    RgbImage image =
        new RgbImage(
            height, width, Planes.resizeBilinear(sample.image().planes(), 3, h, w, height, width));
    List<InstanceTarget> instances = new ArrayList<>(sample.instances().size());
    for (InstanceTarget t : sample.instances()) {
      instances.add(
          new InstanceTarget(
              t.categoryId(),
              t.box().rescale(h, w, height, width),
              t.mask() == null ? null : resize(t.mask(), height, width)));
    }
    return new AnnotatedImage(image, instances, resize(sample.padding(), height, width));
  }

  /**
   * Keeps rows {@code [top, top+height)} and columns {@code [left, left+width)}. Boxes are shifted
   * and clipped to the crop; an instance whose box, or mask, is left empty is dropped, as DETR
   * does.
   */
  public static AnnotatedImage crop(
      AnnotatedImage sample, int top, int left, int height, int width) {
    int h = sample.height();
    int w = sample.width();
    checkArgument(
        top >= 0 && left >= 0 && height > 0 && width > 0 && top + height <= h && left + width <= w,
        "crop rows [%s, %s) x columns [%s, %s) must be non-empty and inside the %sx%s image",
        top,
        top + height,
        left,
        left + width,
        h,
        w);
    float[] planes = new float[3 * height * width];
    Planes.copyBlock(
        sample.image().planes(), 3, h, w, top, left, planes, height, width, height, width);
    List<InstanceTarget> instances = new ArrayList<>(sample.instances().size());
    for (InstanceTarget t : sample.instances()) {
      Box box = t.box().cropTo(top, left, height, width);
      BinaryMask mask = t.mask() == null ? null : crop(t.mask(), top, left, height, width);
      if (!box.isEmpty() && (mask == null || !mask.isEmpty())) {
        instances.add(new InstanceTarget(t.categoryId(), box, mask));
      }
    }
    return new AnnotatedImage(
        new RgbImage(height, width, planes),
        instances,
        crop(sample.padding(), top, left, height, width));
  }

  /**
   * Extends the image to {@code height x width} by adding rows at the bottom and columns at the
   * right, filled with {@code fill} and marked in the padding mask. Boxes do not move.
   */
  public static AnnotatedImage padBottomRight(
      AnnotatedImage sample, int height, int width, RgbColor fill) {
    int h = sample.height();
    int w = sample.width();
    checkArgument(
        height >= h && width >= w,
        "cannot pad a %sx%s image to the smaller %sx%s",
        h,
        w,
        height,
        width);
    if (h == height && w == width) {
      return sample;
    }
    RgbImage image = RgbImage.filled(height, width, fill);
    Planes.copyBlock(sample.image().planes(), 3, h, w, 0, 0, image.planes(), height, width, h, w);
    List<InstanceTarget> instances = new ArrayList<>(sample.instances().size());
    for (InstanceTarget t : sample.instances()) {
      instances.add(
          new InstanceTarget(
              t.categoryId(),
              t.box(),
              t.mask() == null ? null : pad(t.mask(), height, width, (byte) 0)));
    }
    return new AnnotatedImage(image, instances, pad(sample.padding(), height, width, (byte) 1));
  }

  static BinaryMask flip(BinaryMask mask) {
    return new BinaryMask(
        mask.height(), mask.width(), Planes.flipRows(mask.bits(), mask.height(), mask.width()));
  }

  static BinaryMask resize(BinaryMask mask, int height, int width) {
    return new BinaryMask(
        height,
        width,
        Planes.resizeNearest(mask.bits(), mask.height(), mask.width(), height, width));
  }

  static BinaryMask crop(BinaryMask mask, int top, int left, int height, int width) {
    byte[] bits = new byte[height * width];
    Planes.copyBlock(
        mask.bits(), 1, mask.height(), mask.width(), top, left, bits, height, width, height, width);
    return new BinaryMask(height, width, bits);
  }

  /** Pads a mask bottom/right to {@code height x width} with {@code fill} (0 or 1). */
  static BinaryMask pad(BinaryMask mask, int height, int width, byte fill) {
    byte[] bits = new byte[height * width];
    Arrays.fill(bits, fill);
    Planes.copyBlock(
        mask.bits(),
        1,
        mask.height(),
        mask.width(),
        0,
        0,
        bits,
        height,
        width,
        mask.height(),
        mask.width());
    return new BinaryMask(height, width, bits);
  }
}
