package io.visft.api;

import java.util.List;

/**
 * Receives the events of a training run (progress bars, metric files, early stopping): its start,
 * the metrics of every step, and each checkpoint before it is written.
 */
@FunctionalInterface
public interface TrainingListener {
  void onStep(StepMetrics metrics);

  /**
   * Called once before the run's first step: a fresh run starts at step 0, a resumed one at the
   * step of the checkpoint it resumed from (steps at and after it run again, so a listener that
   * kept them from the interrupted run drops them here).
   *
   * @param firstStep the first step this run executes
   * @param tasks the tasks the run draws from, in name order
   */
  default void onStart(long firstStep, List<String> tasks) {}

  /**
   * Called before the checkpoint from which a resumed run would start at {@code nextStep} is
   * written: what the listener records of the steps before {@code nextStep} must be durable when it
   * returns, so a run killed after the checkpoint loses none of them.
   */
  default void beforeCheckpoint(long nextStep) {}
}
