package io.visft.core.data.transform;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A data-augmentation step applied to an image and its targets together.
 *
 * <p>Deterministic: the output depends only on the input and on the numbers drawn from {@code
 * random}, so a seeded generator (for example {@link java.util.SplittableRandom}) per sample
 * reproduces an epoch exactly. Implementations in this package are immutable records and safe to
 * share between threads; the generator is not, so each thread passes its own.
 */
@FunctionalInterface
public interface ImageTransform {

  /** Transforms one sample; never mutates {@code sample}. */
  AnnotatedImage apply(AnnotatedImage sample, RandomGenerator random);

  /** This transform, then {@code next}, drawing from the same generator. */
  default ImageTransform andThen(ImageTransform next) {
    return (sample, random) -> next.apply(apply(sample, random), random);
  }

  /** The steps applied in order. */
  static ImageTransform sequence(List<ImageTransform> steps) {
    List<ImageTransform> copy = List.copyOf(steps);
    return (sample, random) -> {
      AnnotatedImage out = sample;
      for (ImageTransform step : copy) {
        out = step.apply(out, random);
      }
      return out;
    };
  }
}
