package io.visft.core.data.transform;

import io.visft.core.data.image.RgbColor;
import java.util.random.RandomGenerator;

/**
 * Large-scale jitter (Ghiasi et al. 2021, as used by Mask2Former and ViSFT segmentation): draws a
 * scale {@code s} uniformly from {@code [minScale, maxScale]}, resizes so the image fits in {@code
 * s * targetSize} on both sides (aspect ratio kept, sides rounded half to even), pads the bottom
 * and right with {@code padColor} up to {@code targetSize} where smaller, then takes a uniformly
 * placed {@code targetSize x targetSize} crop where larger. The output is always {@code targetSize
 * x targetSize}; the padding mask marks the padded pixels. Draws three numbers per call (scale,
 * top, left).
 *
 * @param targetSize output side, positive (1024 in the paper)
 * @param minScale smallest scale, positive (0.1)
 * @param maxScale largest scale, at least {@code minScale} (2.0)
 * @param padColor fill of the padded area (grey 128/255 in the reference)
 */
public record LargeScaleJitter(int targetSize, double minScale, double maxScale, RgbColor padColor)
    implements ImageTransform {

  public LargeScaleJitter {
    ConfigChecks.require(
        targetSize > 0,
        "LargeScaleJitter",
        "targetSize",
        targetSize,
        "must be positive",
        "use 1024 (paper) or a multiple of the patch size such as 1022");
    ConfigChecks.require(
        minScale > 0 && Double.isFinite(minScale),
        "LargeScaleJitter",
        "minScale",
        minScale,
        "must be positive and finite",
        "use 0.1 (paper)");
    ConfigChecks.require(
        maxScale >= minScale && Double.isFinite(maxScale),
        "LargeScaleJitter",
        "maxScale",
        maxScale,
        "must be finite and at least minScale = " + minScale,
        "use 2.0 (paper)");
    ConfigChecks.require(
        padColor != null,
        "LargeScaleJitter",
        "padColor",
        null,
        "must be set",
        "use RgbColor.grey(128 / 255f)");
  }

  /** The ViSFT segmentation setting: 1024, scales 0.1 to 2.0, grey 128 padding. */
  public static LargeScaleJitter mask2former() {
    return new LargeScaleJitter(1024, 0.1, 2.0, RgbColor.grey(128 / 255f));
  }

  @Override
  public AnnotatedImage apply(AnnotatedImage sample, RandomGenerator random) {
    double scale = minScale + (maxScale - minScale) * random.nextDouble();
    double fit =
        Math.min(scale * targetSize / sample.width(), scale * targetSize / sample.height());
    int height = Math.max(1, (int) Math.rint(fit * sample.height()));
    int width = Math.max(1, (int) Math.rint(fit * sample.width()));
    AnnotatedImage resized = AnnotatedImages.resize(sample, height, width);
    AnnotatedImage padded =
        AnnotatedImages.padBottomRight(
            resized, Math.max(height, targetSize), Math.max(width, targetSize), padColor);
    int top = random.nextInt(padded.height() - targetSize + 1);
    int left = random.nextInt(padded.width() - targetSize + 1);
    return AnnotatedImages.crop(padded, top, left, targetSize, targetSize);
  }
}
