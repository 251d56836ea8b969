package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void showsStepsRateAndEta() {
    AtomicLong now = new AtomicLong(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "embed", 100, now::get);
    now.set(2_000_000_000L);
    bar.step(40);
    assertEquals("embed [############..................] 40/100 40% 20.0/s ETA 0:03", bar.render(now.get()));
    now.set(5_000_000_000L);
    bar.step(60);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.endsWith("\rembed [##############################] 100/100 100% 20.0/s ETA 0:00" + System.lineSeparator()), out);
    assertThrows(IllegalArgumentException.class, () -> bar.step(1));
  }
}
