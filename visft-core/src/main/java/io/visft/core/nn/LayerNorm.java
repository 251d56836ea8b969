package io.visft.core.nn;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/**
 * {@code torch.nn.LayerNorm} over the last axis: {@code (x − mean) / sqrt(var + eps) · scale +
 * bias}, with the biased variance.
 */
public final class LayerNorm {

  /** PyTorch's default epsilon of {@code LayerNorm} and {@code GroupNorm}. */
  public static final float TORCH_EPS = 1e-5f;

  private LayerNorm() {}

  /**
   * @param x {@code [..., d]}
   * @param scale {@code [d]}
   * @param bias {@code [d]}
   * @param eps added to the variance ({@link #TORCH_EPS} in DETR and Mask2Former, 1e-6 in EVA)
   * @return {@code [..., d]}
   */
  public static Value apply(Ops o, Value x, Value scale, Value bias, float eps) {
    return o.layerNorm(x, scale, bias, -1, eps);
  }
}
