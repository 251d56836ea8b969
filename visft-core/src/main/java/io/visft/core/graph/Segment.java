package io.visft.core.graph;

/**
 * A span of consecutive nodes whose forward pass the backward pass recomputes (activation
 * recompute): only {@code input} is kept for the backward pass, and the span's nodes are emitted
 * again, fed from it, right before their gradients are needed. See {@link
 * Graph#recomputedInBackward}.
 *
 * @param name names the recomputed nodes' scope
 * @param input the one activation the span reads from before it
 * @param output the activation the span produces
 * @param firstNode index in {@link Graph#nodes()} of the span's first node
 * @param endNode index one past the span's last node
 */
public record Segment(String name, Value input, Value output, int firstNode, int endNode) {

  /** True when node index {@code n} lies in this span. */
  public boolean contains(int n) {
    return n >= firstNode && n < endNode;
  }
}
