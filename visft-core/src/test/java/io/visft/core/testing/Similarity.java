package io.visft.core.testing;

/**
 * How close two tensors' values are, for tests that compare an approximate path with an exact one.
 */
public final class Similarity {
  private Similarity() {}

  /** Cosine of the angle between {@code a} and {@code b} (same length), accumulated in float64. */
  public static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  /** {@code ‖a − b‖ / ‖b‖} ({@code b} the reference, same length), accumulated in float64. */
  public static double relativeL2(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
      norm += (double) b[i] * b[i];
    }
    return Math.sqrt(diff / norm);
  }
}
