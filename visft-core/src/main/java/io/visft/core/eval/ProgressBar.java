package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line text progress bar: {@code label [#####.....] 120/300 40% 35.2/s ETA 0:05}, redrawn in
 * place with a carriage return and finished with a newline.
 *
 * <p>Redraws at most every {@code 200 ms} (and always on the last step) so that it costs nothing
 * in tight loops. Not thread-safe.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final String label;
  private final long total;
  private final LongSupplier clock;
  private final long startNanos;
  private long done;
  private long lastDrawNanos = Long.MIN_VALUE;

  /**
   * @param out where to draw, usually {@code System.err}
   * @param label text before the bar
   * @param total number of steps, positive
   */
  public ProgressBar(PrintStream out, String label, long total) {
    this(out, label, total, System::nanoTime);
  }

  /** As {@link #ProgressBar(PrintStream, String, long)} with a clock in nanoseconds (for tests). */
  public ProgressBar(PrintStream out, String label, long total, LongSupplier clock) {
    checkArgument(total > 0, "progress total must be positive, got %s", total);
    this.out = out;
    this.label = label;
    this.total = total;
    this.clock = clock;
    this.startNanos = clock.getAsLong();
  }

  /** Records {@code steps} more steps done and redraws when due. */
  public void step(long steps) {
    step(steps, "");
  }

  /** As {@link #step(long)}, showing {@code status} (e.g. the current loss) after the bar. */
  public void step(long steps, String status) {
    checkArgument(steps >= 0 && done + steps <= total, "cannot advance %s steps: %s of %s done", steps, done, total);
    done += steps;
    long now = clock.getAsLong();
    if (done == total || now - lastDrawNanos >= REDRAW_NANOS) {
      lastDrawNanos = now;
      out.print("\r" + render(now) + (status.isEmpty() ? "" : "  " + status));
      if (done == total) {
        out.println();
      }
      out.flush();
    }
  }

  /** The bar as it would be drawn at {@code nowNanos}. */
  String render(long nowNanos) {
    double seconds = (nowNanos - startNanos) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    int filled = (int) (WIDTH * done / total);
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    String eta = rate > 0 ? clockTime((total - done) / rate) : "?";
    return String.format(Locale.ROOT, "%s [%s] %d/%d %d%% %.1f/s ETA %s", label, bar, done, total, 100 * done / total, rate, eta);
  }

  private static String clockTime(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
