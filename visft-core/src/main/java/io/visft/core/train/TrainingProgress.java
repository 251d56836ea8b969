package io.visft.core.train;

import io.visft.api.StepMetrics;
import io.visft.api.TrainingListener;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Draws a training run as a {@link ProgressBar} (step, rate and ETA, with the task and loss of the
 * last step), started when the run starts: a resumed run's bar starts at its checkpoint's step and
 * its rate counts only the steps run since.
 */
public final class TrainingProgress implements TrainingListener {
  private final PrintStream out;
  private final String label;
  private final long totalSteps;
  private ProgressBar bar;

  /**
   * @param out where to draw: {@code System.err} (a terminal gets a redrawn bar, a log plain lines)
   */
  public TrainingProgress(PrintStream out, String label, long totalSteps) {
    this.out = out;
    this.label = label;
    this.totalSteps = totalSteps;
  }

  @Override
  public void onStart(long firstStep, List<String> tasks) {
    bar = new ProgressBar(out, label, totalSteps);
    bar.startAt(firstStep);
    bar.step(0);
  }

  @Override
  public void onStep(StepMetrics m) {
    bar.step(1, String.format(Locale.ROOT, "%s loss %.4f", m.task(), m.loss()));
  }
}
