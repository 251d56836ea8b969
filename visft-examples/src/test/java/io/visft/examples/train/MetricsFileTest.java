package io.visft.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.StepMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics lines: fixed key order, on disk as soon as written, and a resumed run continues the file
 * exactly.
 */
class MetricsFileTest {
  @TempDir Path dir;

  private static String line(String stage, long step, String task) {
    return "{\"stage\":\""
        + stage
        + "\",\"step\":"
        + step
        + ",\"task\":\""
        + task
        + "\",\"loss\":1.5,\"lr\":0.001,\"grad_norm\":0.25,\"seconds\":0.5}";
  }

  private static StepMetrics step(long step, String task) {
    return new StepMetrics(step, task, 1.5, 0.001, 0.25, 0.5);
  }

  @Test
  void writesEachLineWithFixedKeysBeforeTheNextStep() throws Exception {
    Path file = dir.resolve("out/metrics.jsonl");
    try (MetricsFile m = new MetricsFile(file, "stage2")) {
      m.onStart(0, List.of("caption", "detection"));
      m.onStep(step(0, "caption"));
      assertEquals(
          List.of(line("stage2", 0, "caption")),
          Files.readAllLines(file),
          "the line must be in the file, not a buffer");
      m.onStep(step(1, "detection"));
      m.beforeCheckpoint(2);
      assertEquals(
          List.of(line("stage2", 0, "caption"), line("stage2", 1, "detection")),
          Files.readAllLines(file));
    }
  }

  @Test
  void aResumedRunDropsTheStepsItRepeatsAndALineCutOffByAKill() throws Exception {
    Path file = dir.resolve("metrics.jsonl");
    StringBuilder before = new StringBuilder();
    for (int s = 0; s < 4; s++) {
      before.append(line("stage1", s, "caption")).append('\n');
    }
    for (int s = 0; s < 5; s++) {
      before.append(line("stage1", s, "detection")).append('\n');
    }
    before.append(line("stage1", 5, "detection"), 0, 40);
    Files.writeString(file, before);

    try (MetricsFile m = new MetricsFile(file, "stage1")) {
      m.onStart(4, List.of("caption"));
      m.onStart(3, List.of("detection"));
      for (int s = 3; s < 6; s++) {
        m.onStep(step(s, "detection"));
      }
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(4 + 6, lines.size(), String.join("\n", lines));
    for (int s = 0; s < 6; s++) {
      assertEquals(line("stage1", s, "detection"), lines.get(4 + s));
    }
  }

  @Test
  void aRunStartedAgainFromScratchReplacesItsLinesAndKeepsTheOthers() throws Exception {
    Path file = dir.resolve("metrics.jsonl");
    Files.write(
        file,
        List.of(
            line("stage1", 0, "caption"),
            line("stage1", 1, "caption"),
            "not json, kept",
            line("stage1", 0, "detection"),
            line("stage2", 0, "caption")));
    try (MetricsFile m = new MetricsFile(file, "stage1")) {
      m.onStart(0, List.of("caption"));
      m.onStep(step(0, "caption"));
    }
    assertEquals(
        List.of(
            "not json, kept",
            line("stage1", 0, "detection"),
            line("stage2", 0, "caption"),
            line("stage1", 0, "caption")),
        Files.readAllLines(file));
  }

  @Test
  void aStepBeforeTheStartIsAnError() {
    try (MetricsFile m = new MetricsFile(dir.resolve("metrics.jsonl"), "stage2")) {
      assertThrows(IllegalStateException.class, () -> m.onStep(step(0, "caption")));
    }
  }
}
