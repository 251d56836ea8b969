package io.visft.core.train;

import io.visft.api.NumericException;
import java.util.Map;

/** Global-norm gradient clipping as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales all gradients by {@code maxNorm / (norm + 1e-6)} when that is below 1.
   *
   * @return the global L2 norm before clipping
   * @throws NumericException naming the first parameter whose gradient holds NaN or Inf
   */
  public static double clipGlobalNorm(Map<String, float[]> gradients, double maxNorm) {
    double sq = 0;
    for (Map.Entry<String, float[]> e : gradients.entrySet()) {
      double s = 0;
      for (float g : e.getValue()) {
        s += (double) g * g;
      }
      if (!Double.isFinite(s)) {
        throw new NumericException(
            "the gradient of '"
                + e.getKey()
                + "' holds NaN or Inf; the step is abandoned "
                + "(lower the learning rate, check the data, or resume from the last checkpoint)");
      }
      sq += s;
    }
    double norm = Math.sqrt(sq);
    double coef = maxNorm / (norm + 1e-6);
    if (coef < 1) {
      float c = (float) coef;
      for (float[] g : gradients.values()) {
        for (int i = 0; i < g.length; i++) {
          g[i] *= c;
        }
      }
    }
    return norm;
  }
}
