package io.visft.core.train;

import java.util.Map;

/**
 * One task of a (multi-task) training run: it owns its data and its ONNX Runtime session and runs
 * one forward and backward pass on its next batch with the current parameter values.
 */
public interface TrainingTask extends AutoCloseable {

  /** The task's name, as drawn by the sampler and reported in metrics. */
  String name();

  /**
   * Runs one step on the next batch.
   *
   * @param globalStep the run's micro-batch index, which seeds the step's randomness: the optimizer
   *     step times {@link TrainerConfig#accumulateSteps()} plus the micro-batch within it (the
   *     optimizer step itself without accumulation)
   * @return the loss; the gradients for every trainable parameter are then in {@link #gradients()}
   */
  double step(Parameters parameters, long globalStep);

  /**
   * Gradients of the last step by parameter name (parameters the task does not touch may be
   * absent).
   */
  Map<String, float[]> gradients();

  /** Where the task's data stream stands, for checkpoints (e.g. epoch and index). */
  Map<String, Long> dataPosition();

  /** Moves the data stream to a position saved by {@link #dataPosition()}. */
  void seek(Map<String, Long> position);

  @Override
  void close();
}
