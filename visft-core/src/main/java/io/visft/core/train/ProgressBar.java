package io.visft.core.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A text progress bar: {@code label [#####.....] 120/300 40% 35.2/s ETA 0:05}, with the rate and
 * the time left estimated from the steps done since the bar started.
 *
 * <p>On a terminal ({@link Style#REDRAW}) the line is redrawn in place with a carriage return at
 * most every 200 ms and finished with a newline; elsewhere (a log file, a pipe: {@link
 * Style#LINES}) a plain line is printed at most every 30 s. Both draw on the first call and on the
 * last step, so the cost in a tight loop is one clock read per step. Not thread-safe.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;

  /** How the bar is drawn. */
  public enum Style {
    /** For a terminal: one line redrawn in place, at most every 200 ms. */
    REDRAW(200_000_000L),
    /** For a file or a pipe: a plain line per draw, at most every 30 s. */
    LINES(30_000_000_000L);

    private final long intervalNanos;

    Style(long intervalNanos) {
      this.intervalNanos = intervalNanos;
    }

    /**
     * {@link #REDRAW} when {@code out} is {@code System.err} and standard error is a terminal, else
     * {@link #LINES}.
     */
    public static Style of(PrintStream out) {
      return out == System.err && stderrIsTerminal() ? REDRAW : LINES;
    }

    private static boolean stderrIsTerminal() {
      if ("dumb".equals(System.getenv("TERM"))) {
        return false;
      }
      Path fd = Path.of("/proc/self/fd/2");
      if (Files.isSymbolicLink(fd)) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException e) {
          return false;
        }
      }
      // Without /proc, Java 17 can only tell whether stdin and stdout are both a terminal.
      return System.console() != null;
    }
  }

  private final PrintStream out;
  private final Style style;
  private final String label;
  private final long total;
  private final LongSupplier clock;
  private final long startNanos;
  private long startDone;
  private long done;
  private boolean drawn;
  private long lastDrawNanos;
  private int lastWidth;

  /**
   * A bar in the {@link Style#of style} that suits {@code out}.
   *
   * @param out where to draw: {@code System.err}
   * @param label text before the bar
   * @param total number of steps, positive
   */
  public ProgressBar(PrintStream out, String label, long total) {
    this(out, Style.of(out), label, total, System::nanoTime);
  }

  /**
   * As {@link #ProgressBar(PrintStream, String, long)} with a style and a clock in nanoseconds (for
   * tests).
   */
  public ProgressBar(PrintStream out, Style style, String label, long total, LongSupplier clock) {
    checkArgument(total > 0, "progress total must be positive, got %s", total);
    this.out = out;
    this.style = style;
    this.label = label;
    this.total = total;
    this.clock = clock;
    this.startNanos = clock.getAsLong();
  }

  /**
   * Counts {@code steps} as done before the bar started (a resumed run): they show in the count and
   * the percentage but not in the rate. Only before the first {@link #step}.
   */
  public void startAt(long steps) {
    checkState(!drawn && done == 0, "startAt must come before the first step");
    checkArgument(steps >= 0 && steps <= total, "cannot start at %s of %s steps", steps, total);
    startDone = steps;
    done = steps;
  }

  /** Records {@code steps} more steps done and draws when due. */
  public void step(long steps) {
    step(steps, "");
  }

  /** As {@link #step(long)}, showing {@code status} (e.g. the current loss) after the bar. */
  public void step(long steps, String status) {
    checkArgument(
        steps >= 0 && done + steps <= total,
        "cannot advance %s steps: %s of %s done",
        steps,
        done,
        total);
    done += steps;
    long now = clock.getAsLong();
    // A difference of clock readings, never a reading against a sentinel: nanoTime may be any long.
    if (!drawn || done == total || now - lastDrawNanos >= style.intervalNanos) {
      draw(now, status);
    }
  }

  private void draw(long now, String status) {
    String line = render(now) + (status.isEmpty() ? "" : "  " + status);
    if (style == Style.REDRAW) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      if (done == total) {
        out.println();
      }
    } else {
      out.println(line);
    }
    out.flush();
    drawn = true;
    lastDrawNanos = now;
    lastWidth = line.length();
  }

  /** The bar as it would be drawn at {@code nowNanos}. */
  String render(long nowNanos) {
    double seconds = (nowNanos - startNanos) / 1e9;
    double rate = seconds > 0 ? (done - startDone) / seconds : 0;
    int filled = (int) (WIDTH * done / total);
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    String eta = done == total ? clockTime(0) : rate > 0 ? clockTime((total - done) / rate) : "?";
    return String.format(
        Locale.ROOT,
        "%s [%s] %d/%d %d%% %.1f/s ETA %s",
        label,
        bar,
        done,
        total,
        100 * done / total,
        rate,
        eta);
  }

  private static String clockTime(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
