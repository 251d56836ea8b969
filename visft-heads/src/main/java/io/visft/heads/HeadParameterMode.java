package io.visft.heads;

/** How a task head's parameters enter a training graph. */
public enum HeadParameterMode {

  /**
   * Stage 1: every parameter is a graph input named by its checkpoint name, fed each step and
   * differentiated; the head trains.
   */
  TRAINABLE_INPUTS,

  /**
   * Stage 2: every parameter is a frozen weight ({@code Graph.weight}) bound from the head's
   * current values; gradients still flow through the head into its inputs (the backbone features)
   * and its dropout stays active.
   */
  FROZEN_WEIGHTS
}
