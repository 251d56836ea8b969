package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A mean with the half-width of its normal-approximation 95% confidence interval, {@code 1.96 · std
 * / √n}, where std is the population standard deviation of the samples ({@code numpy.std}, ddof =
 * 0), as few-shot papers report episode accuracies.
 *
 * @param mean sample mean
 * @param halfWidth {@code 1.96 · std / √n}, ≥ 0
 * @param samples n, positive
 */
public record ConfidenceInterval(double mean, double halfWidth, int samples) {
  /** The 97.5% quantile of the standard normal distribution. */
  public static final double Z_95 = 1.96;

  public ConfidenceInterval {
    checkArgument(samples > 0, "a confidence interval needs at least one sample, got %s", samples);
    checkArgument(halfWidth >= 0, "half-width must be >= 0, got %s", halfWidth);
  }

  /** The interval of {@code values} (at least one). */
  public static ConfidenceInterval of(double[] values) {
    checkArgument(values.length > 0, "a confidence interval needs at least one sample");
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / values.length;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double std = Math.sqrt(squares / values.length);
    return new ConfidenceInterval(mean, Z_95 * std / Math.sqrt(values.length), values.length);
  }

  /** Lower bound, {@code mean − halfWidth}. */
  public double lower() {
    return mean - halfWidth;
  }

  /** Upper bound, {@code mean + halfWidth}. */
  public double upper() {
    return mean + halfWidth;
  }
}
