package io.visft.core.graph;

import io.visft.api.ViSFTException;

/**
 * A node does not fit its row of the {@link Op} table: wrong number of inputs, a required input
 * missing or from another graph, an unknown, mistyped or missing attribute. Shape and dtype
 * mismatches found by the op's shape rule are {@link io.visft.api.ShapeException}s instead. The
 * message names the node, the op, what was given and what the table expects.
 */
public class GraphBuildException extends ViSFTException {
  private static final long serialVersionUID = 1L;

  public GraphBuildException(String message) {
    super(message);
  }
}
