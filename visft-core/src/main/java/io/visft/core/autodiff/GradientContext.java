package io.visft.core.autodiff;

import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.Node;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.List;

/**
 * What a {@link GradientRule} sees: the node, the gradients of its outputs and which inputs need a
 * gradient.
 */
public final class GradientContext {
  private final Ops ops;
  private final Node node;
  private final List<Value> outputGradients;
  private final boolean[] needs;

  GradientContext(Ops ops, Node node, List<Value> outputGradients, boolean[] needs) {
    this.ops = ops;
    this.node = node;
    this.outputGradients = outputGradients;
    this.needs = needs;
  }

  /** Builders that add the backward nodes to the same graph. */
  public Ops ops() {
    return ops;
  }

  public Node node() {
    return node;
  }

  /**
   * Input {@code i} of the node; a frozen weight's read is read again here ({@link
   * FrozenWeights#reread}), so that the forward pass's widened copy is not kept alive until the
   * backward pass needs it.
   */
  public Value x(int i) {
    Value v = node.input(i);
    return v == null ? null : FrozenWeights.reread(ops, v);
  }

  /** Output {@code i} of the node. */
  public Value y(int i) {
    return node.output(i);
  }

  /** Gradient of output 0; never null when the rule is called for a single-output op. */
  public Value g() {
    return outputGradients.get(0);
  }

  /** Gradient of output {@code i}, or {@code null} when nothing downstream uses it. */
  public Value g(int i) {
    return outputGradients.get(i);
  }

  /** True when input {@code i} lies on a path from a requested variable. */
  public boolean needs(int i) {
    return i < needs.length && needs[i];
  }

  /** {@code g} reduced to {@code target}'s shape, undoing broadcasting. */
  public Value unbroadcast(Value grad, Value target) {
    return Broadcasting.unbroadcast(ops, grad, target.shape());
  }
}
