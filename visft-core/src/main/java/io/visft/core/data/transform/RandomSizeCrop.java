package io.visft.core.data.transform;

import java.util.random.RandomGenerator;

/**
 * DETR's random-size crop: a crop width drawn uniformly from {@code [minSize, min(imageWidth,
 * maxSize)]}, a height likewise, then a uniformly placed window of that size. Objects left with an
 * empty box or mask are dropped. Draws four numbers per call (width, height, top, left).
 *
 * <p>An image side shorter than {@code minSize} is kept whole (the reference would raise instead).
 *
 * @param minSize smallest crop side, positive
 * @param maxSize largest crop side, at least {@code minSize}
 */
public record RandomSizeCrop(int minSize, int maxSize) implements ImageTransform {

  public RandomSizeCrop {
    ConfigChecks.require(
        minSize > 0, "RandomSizeCrop", "minSize", minSize, "must be positive", "use 384 (DETR)");
    ConfigChecks.require(
        maxSize >= minSize,
        "RandomSizeCrop",
        "maxSize",
        maxSize,
        "must be at least minSize = " + minSize,
        "use 600 (DETR)");
  }

  @Override
  public AnnotatedImage apply(AnnotatedImage sample, RandomGenerator random) {
    int width = side(sample.width(), random);
    int height = side(sample.height(), random);
    int top = random.nextInt(sample.height() - height + 1);
    int left = random.nextInt(sample.width() - width + 1);
    return AnnotatedImages.crop(sample, top, left, height, width);
  }

  private int side(int imageSide, RandomGenerator random) {
    int upper = Math.min(imageSide, maxSize);
    return upper < minSize ? imageSide : random.nextInt(minSize, upper + 1);
  }
}
