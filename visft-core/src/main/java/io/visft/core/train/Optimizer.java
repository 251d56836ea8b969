package io.visft.core.train;

import io.visft.api.HostTensor;
import java.util.Map;

/**
 * Updates {@link Parameters} in place from their gradients. Implementations keep per-parameter
 * state that {@link #state()} exports and {@link #restore(Map)} reloads, so a resumed run continues
 * bit for bit.
 */
public interface Optimizer {

  /**
   * One update.
   *
   * @param gradients one array per parameter name, same length as the parameter; parameters without
   *     a gradient are left untouched (their moments too), as in PyTorch
   * @param learningRate this step's rate (from a {@link LearningRateSchedule})
   */
  void step(Map<String, float[]> gradients, double learningRate);

  /** Number of steps taken. */
  long steps();

  /** The optimizer's state (step count and moment buffers) as tensors, for checkpoints. */
  Map<String, HostTensor> state();

  /** Restores {@link #state()}; names and shapes are checked. */
  void restore(Map<String, HostTensor> state);
}
