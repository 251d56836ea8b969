package io.visft.core.eval.region;

import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.eval.LinearProbeEvaluation;
import io.visft.core.eval.LinearProbeResult;
import io.visft.core.runtime.RuntimeOptions;

/**
 * Region identification by a linear probe: a {@link LinearProbeEvaluation} trained on the training
 * regions' features and scored on the test regions'. Stateless and thread-safe.
 */
public final class RegionProbe {
  private RegionProbe() {}

  /**
   * @param features {@code [R, C]} region features ({@link RegionFeatures#pool})
   * @param labels {@code [R]} in {@code [0, classes)}
   * @param split which regions train and which test
   * @param classes number of classes, at least 2
   */
  public static LinearProbeResult run(
      FeatureMatrix features,
      int[] labels,
      RegionSplit split,
      int classes,
      LinearProbeConfig probe,
      RuntimeOptions runtime) {
    return LinearProbeEvaluation.run(
        features.select(split.train()),
        pick(labels, split.train()),
        features.select(split.test()),
        pick(labels, split.test()),
        classes,
        probe,
        runtime);
  }

  private static int[] pick(int[] values, int[] indices) {
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = values[indices[i]];
    }
    return out;
  }
}
