package io.visft.benchmarks;

/** How far one tensor's values are from a reference's, accumulated in float64. */
final class Agreement {
  private Agreement() {}

  /** {@code ‖a − b‖₂ / ‖b‖₂}, {@code b} the reference; a length mismatch is an error. */
  static double relative(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalStateException(
          "the compared tensors have " + a.length + " and " + b.length + " values");
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
      norm += (double) b[i] * b[i];
    }
    return Math.sqrt(diff / Math.max(norm, Double.MIN_NORMAL));
  }
}
