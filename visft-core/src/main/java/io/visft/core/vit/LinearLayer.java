package io.visft.core.vit;

import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.Linear;

/**
 * How the backbone applies each of its linear layers. The default is the plain layer; an adapter
 * (LoRA) supplies its own to add a trainable delta to chosen modules without touching the frozen
 * weights.
 */
@FunctionalInterface
public interface LinearLayer {

  /**
   * @param module timm module name, e.g. {@code blocks.3.attn.qkv}
   * @param x {@code [rows, in]}
   * @param weight frozen {@code [out, in]} (PyTorch layout)
   * @param bias {@code [out]} or {@code null}
   * @return {@code [rows, out]}
   */
  Value apply(Ops o, String module, Value x, Value weight, Value bias);

  /** The plain layer, {@link Linear#apply}: {@code x Wᵀ + b} as one Gemm. */
  LinearLayer PLAIN = (o, module, x, weight, bias) -> Linear.apply(o, x, weight, bias);

  /**
   * The plain layer computed in {@code precision} ({@link Linear#apply(Ops, Value, Value, Value,
   * ComputePrecision)}); {@link #PLAIN} for {@link ComputePrecision#FP32}.
   */
  static LinearLayer plain(ComputePrecision precision) {
    return precision.reduced()
        ? (o, module, x, weight, bias) -> Linear.apply(o, x, weight, bias, precision)
        : PLAIN;
  }
}
