package io.visft.core.eval.region;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A train/test split of regions by image, so that no image gives regions to both sides: the
 * distinct images are shuffled with a seeded generator and the first {@code round(testFraction ·
 * images)} (at least one, and at least one image left to train on) hold the test regions.
 *
 * @param train indices of the training regions, ascending
 * @param test indices of the test regions, ascending
 */
public record RegionSplit(int[] train, int[] test) {

  public RegionSplit {
    checkArgument(
        train.length > 0 && test.length > 0,
        "a split needs regions on both sides, got %s train and %s test",
        train.length,
        test.length);
  }

  /**
   * @param regionImages {@code [R]} the image of each region
   * @param testFraction in {@code (0, 1)}
   * @param seed shuffle seed; equal inputs give equal splits
   */
  public static RegionSplit byImage(int[] regionImages, double testFraction, long seed) {
    checkArgument(
        testFraction > 0 && testFraction < 1, "test fraction %s must be in (0, 1)", testFraction);
    int[] images = Arrays.stream(regionImages).distinct().sorted().toArray();
    checkArgument(
        images.length >= 2,
        "a split by image needs regions in at least 2 images, got %s",
        images.length);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = images.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = images[i];
      images[i] = images[j];
      images[j] = t;
    }
    int testImages =
        (int) Math.max(1, Math.min(images.length - 1, Math.round(testFraction * images.length)));
    int[] testSet = Arrays.copyOf(images, testImages);
    Arrays.sort(testSet);
    int[] test =
        IntStream.range(0, regionImages.length)
            .filter(r -> Arrays.binarySearch(testSet, regionImages[r]) >= 0)
            .toArray();
    int[] train =
        IntStream.range(0, regionImages.length)
            .filter(r -> Arrays.binarySearch(testSet, regionImages[r]) < 0)
            .toArray();
    return new RegionSplit(train, test);
  }
}
