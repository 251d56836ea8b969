package io.visft.core.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sums gradients over {@code k} micro-batches and yields their mean, so that a large effective
 * batch fits in memory. A parameter absent from a micro-batch's gradients (a task that does not
 * touch it) counts as a zero gradient there. Not thread-safe.
 */
public final class GradientAccumulator {
  private final int microBatches;
  private final Map<String, float[]> sums = new LinkedHashMap<>();
  private int added;

  public GradientAccumulator(int microBatches) {
    if (microBatches < 1) {
      throw new io.visft.api.ConfigException(
          "gradient accumulation steps = " + microBatches + " must be >= 1");
    }
    this.microBatches = microBatches;
  }

  /** Adds one micro-batch's gradients; returns true when {@code k} have been added. */
  public boolean add(Map<String, float[]> gradients) {
    gradients.forEach(
        (name, g) -> {
          float[] s = sums.computeIfAbsent(name, n -> new float[g.length]);
          for (int i = 0; i < g.length; i++) {
            s[i] += g[i];
          }
        });
    return ++added == microBatches;
  }

  /** The mean of the accumulated gradients; resets the accumulator. */
  public Map<String, float[]> takeMean() {
    if (added == 0) {
      throw new IllegalStateException("no gradients were added");
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    sums.forEach(
        (name, s) -> {
          float[] m = new float[s.length];
          for (int i = 0; i < s.length; i++) {
            m[i] = s[i] / added;
          }
          out.put(name, m);
        });
    sums.clear();
    added = 0;
    return out;
  }
}
