package io.visft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressBarTest {
  private static final long MS = 1_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void showsStepsRateAndEta() {
    AtomicLong now = new AtomicLong(0);
    ProgressBar bar = new ProgressBar(out, ProgressBar.Style.REDRAW, "embed", 100, now::get);
    now.set(2_000 * MS);
    bar.step(40);
    assertEquals(
        "embed [############..................] 40/100 40% 20.0/s ETA 0:03", bar.render(now.get()));
    now.set(5_000 * MS);
    bar.step(60);
    assertTrue(
        printed()
            .endsWith(
                "\rembed [##############################] 100/100 100% 20.0/s ETA 0:00"
                    + System.lineSeparator()),
        printed());
    assertThrows(IllegalArgumentException.class, () -> bar.step(1));
  }

  /**
   * One step every 100 ms on a terminal: the bar is drawn at the first step and then every 200 ms,
   * whatever value the clock starts at (nanoTime may be any long, and may wrap during a run).
   */
  @ParameterizedTest
  @ValueSource(longs = {0, 123_456_789_000L, Long.MAX_VALUE - 450 * MS, Long.MIN_VALUE + 5, -1})
  void redrawsDuringTheRunEvery200Milliseconds(long start) {
    AtomicLong now = new AtomicLong(start);
    ProgressBar bar = new ProgressBar(out, ProgressBar.Style.REDRAW, "train", 10, now::get);
    List<Integer> drawnAt = new ArrayList<>();
    for (int step = 1; step <= 10; step++) {
      now.addAndGet(100 * MS);
      int before = printed().length();
      bar.step(1, "loss " + step);
      if (printed().length() > before) {
        drawnAt.add(step);
      }
    }
    assertEquals(List.of(1, 3, 5, 7, 9, 10), drawnAt, printed());
    assertTrue(
        printed()
            .contains("\rtrain [#########.....................] 3/10 30% 10.0/s ETA 0:01  loss 3"),
        printed());
    assertEquals(6, printed().chars().filter(c -> c == '\r').count(), printed());
    assertTrue(
        printed().endsWith("10/10 100% 10.0/s ETA 0:00  loss 10" + System.lineSeparator()),
        printed());
  }

  @Test
  void aShorterRedrawBlanksTheRestOfTheLongerOne() {
    AtomicLong now = new AtomicLong(0);
    ProgressBar bar = new ProgressBar(out, ProgressBar.Style.REDRAW, "t", 3, now::get);
    now.set(300 * MS);
    bar.step(1, "a long status");
    String first = printed();
    now.set(600 * MS);
    bar.step(1, "s");
    String second = printed().substring(first.length());
    assertEquals(
        first.length(),
        second.length(),
        "the redraw must cover the previous line: [" + first + "] [" + second + "]");
    assertTrue(second.endsWith("  s" + " ".repeat(12)), "[" + second + "]");
  }

  /** Not on a terminal: whole lines, the first at once, then at most one per 30 s, and the last. */
  @Test
  void printsPlainLinesEvery30SecondsWhenNotOnATerminal() {
    AtomicLong now = new AtomicLong(0);
    ProgressBar bar = new ProgressBar(out, ProgressBar.Style.LINES, "stage 2", 100, now::get);
    for (int step = 1; step <= 100; step++) {
      now.addAndGet(1_000 * MS);
      bar.step(1);
    }
    assertFalse(printed().contains("\r"), printed());
    List<String> lines = printed().lines().toList();
    assertEquals(
        List.of(
            "stage 2 [..............................] 1/100 1% 1.0/s ETA 1:39",
            "stage 2 [#########.....................] 31/100 31% 1.0/s ETA 1:09",
            "stage 2 [##################............] 61/100 61% 1.0/s ETA 0:39",
            "stage 2 [###########################...] 91/100 91% 1.0/s ETA 0:09",
            "stage 2 [##############################] 100/100 100% 1.0/s ETA 0:00"),
        lines);
  }

  @Test
  void aResumedBarCountsOnlyTheNewStepsInTheRate() {
    AtomicLong now = new AtomicLong(0);
    ProgressBar bar = new ProgressBar(out, ProgressBar.Style.LINES, "resumed", 100, now::get);
    bar.startAt(60);
    bar.step(0);
    now.set(10_000 * MS);
    bar.step(20);
    assertEquals(
        "resumed [########################......] 80/100 80% 2.0/s ETA 0:10",
        bar.render(now.get()));
    assertTrue(
        printed().startsWith("resumed [##################............] 60/100 60% 0.0/s ETA ?"),
        printed());
    assertThrows(IllegalStateException.class, () -> bar.startAt(10));
  }

  @Test
  void aStreamOtherThanStandardErrorGetsPlainLines() {
    assertEquals(ProgressBar.Style.LINES, ProgressBar.Style.of(out));
    assertEquals(ProgressBar.Style.LINES, ProgressBar.Style.of(System.out));
  }
}
