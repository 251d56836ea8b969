package io.visft.core.graph;

import java.util.List;

/**
 * Infers the output types of an op from its inputs and attributes.
 *
 * <p>Implementations throw {@link IllegalArgumentException} with a message saying what was
 * expected; the graph adds the node's name and op to it.
 */
@FunctionalInterface
public interface ShapeRule {

  /**
   * @param inputs the node's inputs ({@code null} where an optional input is omitted); shape-like
   *     inputs (Reshape's shape, Slice's starts, ...) are constants whose data can be read
   * @param attributes the node's attributes, defaults filled in
   * @return one type per output
   */
  List<TensorType> infer(List<Value> inputs, Attributes attributes);
}
