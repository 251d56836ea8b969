package io.visft.core.train;

import io.visft.api.StepMetrics;
import io.visft.api.TrainingListener;
import io.visft.core.eval.ProgressBar;
import java.io.PrintStream;
import java.util.Locale;

/** Draws a training run as a progress bar: step, rate and ETA, with the task and loss of the last step. */
public final class TrainingProgress implements TrainingListener {
  private final ProgressBar bar;

  public TrainingProgress(PrintStream out, String label, long totalSteps) {
    this.bar = new ProgressBar(out, label, totalSteps);
  }

  @Override
  public void onStep(StepMetrics m) {
    bar.step(1, String.format(Locale.ROOT, "%s loss %.4f", m.task(), m.loss()));
  }
}
