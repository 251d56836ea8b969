package io.visft.api;

/** Receives the metrics of every training step (progress bars, metric files, early stopping). */
@FunctionalInterface
public interface TrainingListener {
  void onStep(StepMetrics metrics);
}
