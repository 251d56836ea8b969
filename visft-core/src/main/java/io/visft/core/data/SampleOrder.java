package io.visft.core.data;

import java.util.SplittableRandom;

/**
 * The order samples are visited in each epoch: a Fisher-Yates shuffle driven by
 * {@code Seeds.mix(seed, epoch)}, or the data set order when shuffling is off. Stateless and
 * thread-safe.
 */
public final class SampleOrder {
  private SampleOrder() {}

  /** The data set indices {@code 0..size-1} in the order of {@code epoch}. */
  public static int[] permutation(int size, long seed, int epoch, boolean shuffle) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    if (shuffle) {
      SplittableRandom random = new SplittableRandom(Seeds.mix(seed, epoch));
      for (int i = size - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }
}
