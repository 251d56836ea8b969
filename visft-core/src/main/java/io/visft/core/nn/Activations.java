package io.visft.core.nn;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/** Activation functions composed from table ops, so their gradients follow from the op rules. */
public final class Activations {
  private Activations() {}

  /**
   * Exact GELU: {@code 0.5 x (1 + erf(x / √2))}, as {@code torch.nn.GELU()} (approximate = none).
   * Written as {@code Mul(Mul(x, 0.5), Add(Erf(Div(x, √2)), 1))}, the pattern ONNX Runtime's graph
   * optimiser fuses into one Gelu kernel in inference graphs.
   */
  public static Value gelu(Ops o, Value x) {
    Value inner = o.erf(o.div(x, o.scalarLike(x, Math.sqrt(2))));
    return o.mul(o.mul(x, o.scalarLike(x, 0.5)), o.add(inner, o.scalarLike(x, 1)));
  }
}
