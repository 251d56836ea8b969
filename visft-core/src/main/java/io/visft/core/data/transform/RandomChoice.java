package io.visft.core.data.transform;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Applies {@code first} with probability {@code firstProbability}, otherwise {@code second} (DETR's
 * {@code RandomSelect}). Draws one number, then whatever the chosen branch draws.
 *
 * @param first the branch taken when the draw is below {@code firstProbability}
 * @param second the other branch
 * @param firstProbability in [0, 1]
 */
public record RandomChoice(ImageTransform first, ImageTransform second, double firstProbability)
    implements ImageTransform {

  public RandomChoice {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    ConfigChecks.requireProbability("RandomChoice", "firstProbability", firstProbability);
  }

  @Override
  public AnnotatedImage apply(AnnotatedImage sample, RandomGenerator random) {
    return random.nextDouble() < firstProbability
        ? first.apply(sample, random)
        : second.apply(sample, random);
  }
}
