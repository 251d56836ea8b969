package io.visft.core.graph;

import java.util.List;

/**
 * One operation in a {@link Graph}: an {@link Op} applied to input values with attributes.
 *
 * @param name unique node name (scoped, e.g. {@code blocks.3/attn/MatMul_41})
 * @param op the operation
 * @param inputs input values; {@code null} marks an omitted optional input
 * @param outputs output values, in the op's output order
 * @param attributes validated attributes
 */
public record Node(
    String name, Op op, List<Value> inputs, List<Value> outputs, Attributes attributes) {

  /** Input {@code i}. */
  public Value input(int i) {
    return inputs.get(i);
  }

  /** Output {@code i}. */
  public Value output(int i) {
    return outputs.get(i);
  }

  @Override
  public String toString() {
    return "node '" + name + "' (" + op.onnxName() + ")";
  }
}
