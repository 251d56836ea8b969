package io.visft.lora.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Elementwise comparison of float results with a float64 reference, relative to the magnitude of
 * the summed terms.
 */
final class Tolerance {

  /** Relative tolerance: about 80 float ulps, far above the rounding of the small shapes tested. */
  static final double RELATIVE = 1e-5;

  private Tolerance() {}

  /**
   * Asserts {@code |actual - (base + expected.value)| <= RELATIVE * (|base| + expected.magnitude)}
   * for every element; {@code base} is the initial content of an accumulated output, or null.
   */
  static void assertClose(
      String what, float[] base, LoraReference.Result expected, float[] actual) {
    assertEquals(expected.value().length, actual.length, what + " length");
    for (int i = 0; i < actual.length; i++) {
      double start = base == null ? 0 : base[i];
      double want = start + expected.value()[i];
      double bound = RELATIVE * (Math.abs(start) + expected.magnitude()[i]) + Double.MIN_NORMAL;
      double error = Math.abs(actual[i] - want);
      if (!(error <= bound)) {
        fail(
            what
                + "["
                + i
                + "] = "
                + actual[i]
                + ", expected "
                + want
                + " (error "
                + error
                + " > bound "
                + bound
                + ")");
      }
    }
  }

  /**
   * Asserts {@code |actual - expected| <= 2 * RELATIVE * (|base| + magnitude)} elementwise: two
   * float implementations that each meet {@link #assertClose} agree to within twice its bound.
   */
  static void assertNear(
      String what, float[] expected, float[] actual, double[] magnitude, float[] base) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < actual.length; i++) {
      double start = base == null ? 0 : Math.abs(base[i]);
      double bound = 2 * RELATIVE * (start + magnitude[i]) + Double.MIN_NORMAL;
      double error = Math.abs((double) actual[i] - expected[i]);
      if (!(error <= bound)) {
        fail(
            what
                + "["
                + i
                + "] = "
                + actual[i]
                + ", expected "
                + expected[i]
                + " (difference "
                + error
                + " > bound "
                + bound
                + ")");
      }
    }
  }
}
