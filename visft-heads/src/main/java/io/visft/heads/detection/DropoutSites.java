package io.visft.heads.detection;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.Dropout;

/**
 * The dropout sites of one head graph: every {@link #apply} is a new site with its own salt, so
 * each site draws an independent mask from the shared seed. Sites are numbered in build order, so
 * two graphs built the same way (the matching forward pass and the training pass) draw the same
 * masks from the same seed. Not thread-safe; one instance per graph build.
 */
final class DropoutSites {

  /** Distinguishes this head's masks from those of other heads sharing a seed. */
  private static final long SALT_BASE = 0xDE7_000L;

  private final double probability;
  private final Value seed;
  private long next = SALT_BASE;

  /**
   * @param probability drop probability in [0, 1)
   * @param seed I64 scalar input, or null for no dropout (evaluation)
   */
  DropoutSites(double probability, Value seed) {
    this.probability = probability;
    this.seed = seed;
  }

  /** {@code x} with dropout applied, or {@code x} itself when there is no seed or p is 0. */
  Value apply(Ops o, Value x) {
    if (seed == null || probability == 0) {
      return x;
    }
    return Dropout.apply(o, x, probability, seed, next++);
  }
}
