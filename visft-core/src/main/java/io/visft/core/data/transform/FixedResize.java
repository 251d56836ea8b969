package io.visft.core.data.transform;

import java.util.random.RandomGenerator;

/**
 * Resizes every sample to one size, ignoring its aspect ratio; draws no random numbers.
 *
 * @param height output rows, positive
 * @param width output columns, positive
 */
public record FixedResize(int height, int width) implements ImageTransform {

  public FixedResize {
    ConfigChecks.require(
        height > 0, "FixedResize", "height", height, "must be positive", "use 256 for captioning");
    ConfigChecks.require(
        width > 0, "FixedResize", "width", width, "must be positive", "use 256 for captioning");
  }

  /** The Show-Attend-Tell captioning input: 256 x 256. */
  public static FixedResize captioning() {
    return new FixedResize(256, 256);
  }

  @Override
  public AnnotatedImage apply(AnnotatedImage sample, RandomGenerator random) {
    return AnnotatedImages.resize(sample, height, width);
  }
}
