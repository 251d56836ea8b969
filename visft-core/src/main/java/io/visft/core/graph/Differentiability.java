package io.visft.core.graph;

/** How reverse-mode autodiff treats an op; recorded in the {@link Op} table. */
public enum Differentiability {
  /** A vector-Jacobian rule exists in the gradient registry. */
  RULE,
  /**
   * Outputs are piecewise constant or integral (comparisons, Floor, index arithmetic): zero
   * gradient.
   */
  NONE,
  /** Differentiating through this op is an error (used only inside backward graphs). */
  UNSUPPORTED
}
