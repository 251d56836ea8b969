package io.visft.core.train;

import io.visft.api.ConfigException;

/**
 * SGD hyper-parameters ({@code torch.optim.SGD} semantics, dampening 0).
 *
 * @param momentum momentum in [0, 1)
 * @param nesterov Nesterov momentum (needs momentum > 0)
 * @param weightDecay L2 term added to the gradient, ≥ 0
 */
public record SgdConfig(double momentum, boolean nesterov, double weightDecay) {
  public SgdConfig {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new ConfigException("SGD momentum = " + momentum + " must be in [0, 1)");
    }
    if (nesterov && momentum == 0) {
      throw new ConfigException("SGD nesterov = true needs momentum > 0");
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new ConfigException("SGD weight_decay = " + weightDecay + " must be a finite number >= 0");
    }
  }
}
