package io.visft.core.data.transform;

import java.util.random.RandomGenerator;

/**
 * Mirrors the sample left-right with the given probability. Draws exactly one number per call.
 *
 * @param probability chance of flipping, in [0, 1]
 */
public record RandomHorizontalFlip(double probability) implements ImageTransform {

  public RandomHorizontalFlip {
    ConfigChecks.requireProbability("RandomHorizontalFlip", "probability", probability);
  }

  @Override
  public AnnotatedImage apply(AnnotatedImage sample, RandomGenerator random) {
    return random.nextDouble() < probability ? AnnotatedImages.flipHorizontal(sample) : sample;
  }
}
