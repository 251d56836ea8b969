package io.visft.examples.demo;

import io.visft.api.StepMetrics;
import io.visft.api.TrainingListener;
import java.io.PrintStream;

/** A one-line progress bar on a terminal stream: step, task, loss, rate and ETA. */
public final class ProgressBar implements TrainingListener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long done;

  public ProgressBar(PrintStream out, String label, long totalSteps) {
    this.out = out;
    this.label = label;
    this.total = totalSteps;
  }

  @Override
  public void onStep(StepMetrics m) {
    done++;
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    double rate = done / Math.max(elapsed, 1e-9);
    long eta = Math.round((total - done) / Math.max(rate, 1e-9));
    int filled = (int) (WIDTH * done / Math.max(total, 1));
    out.printf("\r%-8s [%s%s] %d/%d %-12s loss %.4f  %.1f steps/s  ETA %dm%02ds", label, "#".repeat(filled),
        " ".repeat(WIDTH - filled), done, total, m.task(), m.loss(), rate, eta / 60, eta % 60);
    if (done == total) {
      out.println();
    }
    out.flush();
  }
}
