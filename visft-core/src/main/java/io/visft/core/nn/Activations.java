package io.visft.core.nn;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/**
 * Elementwise activations composed from table ops (the table's own, such as ReLU, are used
 * directly).
 */
public final class Activations {
  private Activations() {}

  /**
   * {@code softplus(x) = log(1 + exp(x))} in the stable form {@code max(x, 0) + log(1 +
   * exp(−|x|))}, which never exponentiates a positive number.
   *
   * @param x any shape
   * @return the shape of {@code x}
   */
  public static Value softplus(Ops o, Value x) {
    return o.add(o.relu(x), o.log(o.add(o.scalarLike(x, 1), o.exp(o.neg(o.abs(x))))));
  }
}
