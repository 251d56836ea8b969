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
}
