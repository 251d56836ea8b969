package io.visft.core.data;

/**
 * Derives independent, reproducible seeds from a base seed and indices (epoch, sample, image), so
 * that every sample gets its own random stream whatever order or thread it is processed in.
 *
 * <p>Uses the SplitMix64 finaliser (Steele, Lea and Flood 2014), which spreads every input bit over
 * the output. Stateless and thread-safe.
 */
public final class Seeds {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** A seed determined by {@code seed} and each of {@code salts}, in order. */
  public static long mix(long seed, long... salts) {
    long h = finalise(seed + GOLDEN_GAMMA);
    for (long salt : salts) {
      h = finalise(h ^ finalise(salt + GOLDEN_GAMMA));
    }
    return h;
  }

  private static long finalise(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
