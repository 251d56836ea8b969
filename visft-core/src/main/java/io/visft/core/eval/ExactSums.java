package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.NumericException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Sums of doubles that come out bit-identical whatever the order of addition: each value is rounded
 * to a multiple of {@code 2^-scale} and added exactly as a {@code long}. The scale is set from a
 * bound on the sum of the absolute values one slot will receive, so no partial sum overflows and
 * about 61 bits of precision remain relative to that bound (far below float rounding).
 *
 * <p>This is what makes a sum over the rows of a table split across machines (Spark partitions,
 * merged as tasks finish) equal, bit for bit, to the same sum in one process.
 *
 * <p>Mutable, not thread-safe; serializable so partial sums can travel between JVMs.
 */
public final class ExactSums implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final double LIMIT = 0x1p62;
  private final int scale;
  private final long[] sums;

  private ExactSums(int scale, int length) {
    this.scale = scale;
    this.sums = new long[length];
  }

  /**
   * @param length number of slots
   * @param bound at least the sum of {@code |value|} over everything added to one slot; finite, ≥ 0
   */
  public static ExactSums zeros(int length, double bound) {
    checkArgument(length >= 0, "length must be >= 0, got %s", length);
    checkArgument(
        bound >= 0 && Double.isFinite(bound), "bound must be finite and >= 0, got %s", bound);
    int scale = bound > 0 ? 61 - Math.getExponent(bound) : 0;
    return new ExactSums(scale, length);
  }

  /**
   * Adds {@code value} to slot {@code i}.
   *
   * @throws NumericException if {@code value} is NaN or infinite
   * @throws IllegalStateException if the values exceed the bound given to {@link #zeros}
   */
  public void add(int i, double value) {
    if (!Double.isFinite(value)) {
      throw new NumericException("cannot sum the non-finite value " + value + " (slot " + i + ")");
    }
    double scaled = Math.rint(Math.scalb(value, scale));
    if (Math.abs(scaled) >= LIMIT) {
      throw new IllegalStateException(
          "value " + value + " exceeds the bound these sums were made for");
    }
    try {
      sums[i] = Math.addExact(sums[i], (long) scaled);
    } catch (ArithmeticException e) {
      throw new IllegalStateException(
          "the sum in slot " + i + " exceeds the bound these sums were made for", e);
    }
  }

  /** Empty sums with this one's length and bound, to merge into it later. */
  public ExactSums emptyCopy() {
    return new ExactSums(scale, sums.length);
  }

  /** Adds every slot of {@code other}, made with the same length and bound. */
  public void addAll(ExactSums other) {
    checkArgument(
        other.scale == scale && other.sums.length == sums.length,
        "sums of %s slots at scale 2^-%s cannot take sums of %s slots at scale 2^-%s",
        sums.length,
        scale,
        other.sums.length,
        other.scale);
    for (int i = 0; i < sums.length; i++) {
      try {
        sums[i] = Math.addExact(sums[i], other.sums[i]);
      } catch (ArithmeticException e) {
        throw new IllegalStateException(
            "the sum in slot " + i + " exceeds the bound these sums were made for", e);
      }
    }
  }

  /** The sum in slot {@code i}. */
  public double get(int i) {
    return Math.scalb((double) sums[i], -scale);
  }

  /** Number of slots. */
  public int length() {
    return sums.length;
  }

  /**
   * Sums for {@code count} values per slot, none larger than {@code maxAbs} in magnitude (the bound
   * is twice {@code count · maxAbs}, room for rounding in how the values were computed).
   *
   * @throws NumericException if {@code maxAbs} is NaN or infinite
   */
  public static ExactSums forValues(int length, long count, double maxAbs) {
    if (!Double.isFinite(maxAbs)) {
      throw new NumericException("cannot sum values as large as " + maxAbs);
    }
    return zeros(length, 2.0 * count * maxAbs);
  }

  /** The sum of {@code values}, the same for any order of them. */
  public static double sum(double[] values) {
    double maxAbs = 0;
    for (double v : values) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    ExactSums sums = forValues(1, values.length, maxAbs);
    for (double v : values) {
      sums.add(0, v);
    }
    return sums.get(0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExactSums other && other.scale == scale && Arrays.equals(other.sums, sums);
  }

  @Override
  public int hashCode() {
    return 31 * scale + Arrays.hashCode(sums);
  }
}
