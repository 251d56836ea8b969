package io.visft.core.eval;

import io.visft.api.HostTensor;

/**
 * A frozen backbone seen as a function from pixels to a dense feature map, e.g. an EVA backbone
 * with or without a LoRA adapter.
 */
@FunctionalInterface
public interface FeatureExtractor {

  /**
   * @param pixels {@code [batch, 3, H, W]} F32, ImageNet-normalised
   * @return {@code [batch, C, h, w]} F32 (a new tensor owned by the caller)
   */
  HostTensor features(HostTensor pixels);
}
