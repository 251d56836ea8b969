package io.visft.core.autodiff;

import java.util.List;

/**
 * The vector-Jacobian product of one op, emitted as ordinary graph nodes.
 *
 * <p>Given the gradients of the node's outputs, a rule returns one gradient per input, or {@code
 * null} for inputs that take none (shape inputs, indices, conditions) or that {@link
 * GradientContext#needs(int) are not needed}. Entries for optional inputs the node omits may follow
 * and must be {@code null}; {@link Autodiff} fails, naming the op, on any other count.
 */
@FunctionalInterface
public interface GradientRule {
  List<io.visft.core.graph.Value> vjp(GradientContext ctx);
}
