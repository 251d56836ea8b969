package io.visft.core.train;

import io.visft.api.ConfigException;
import java.util.Set;

/**
 * AdamW hyper-parameters ({@code torch.optim.AdamW} semantics: decoupled weight decay).
 *
 * @param beta1 first-moment decay in [0, 1)
 * @param beta2 second-moment decay in [0, 1)
 * @param eps denominator term, > 0
 * @param weightDecay decoupled decay, ≥ 0
 * @param noDecay parameter names exempt from weight decay (e.g. biases and norms)
 */
public record AdamWConfig(
    double beta1, double beta2, double eps, double weightDecay, Set<String> noDecay) {

  public AdamWConfig {
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new ConfigException(
          "AdamW beta1 = " + beta1 + " must be in [0, 1); the usual value is 0.9");
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new ConfigException(
          "AdamW beta2 = " + beta2 + " must be in [0, 1); the usual value is 0.999");
    }
    if (!(eps > 0)) {
      throw new ConfigException(
          "AdamW eps = " + eps + " must be positive; the usual value is 1e-8");
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new ConfigException(
          "AdamW weight_decay = " + weightDecay + " must be a finite number >= 0");
    }
    noDecay = Set.copyOf(noDecay);
  }

  /** The paper's setting: betas 0.9/0.999, eps 1e-8, weight decay 1e-4. */
  public static AdamWConfig visft() {
    return new AdamWConfig(0.9, 0.999, 1e-8, 1e-4, Set.of());
  }
}
