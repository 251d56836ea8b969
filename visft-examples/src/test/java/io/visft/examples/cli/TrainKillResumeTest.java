package io.visft.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.train.ResumePoint;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code visft train} killed with {@code kill -9} (in a separate JVM, {@link
 * Process#destroyForcibly}) once during stage 1 and once during stage 2, each time as soon as a
 * checkpoint of the stage appears, then run again to the end: its heads, adapter and every metrics
 * line (all but the step's wall time) equal those of an uninterrupted run in another JVM, byte for
 * byte, with one line per step, and no temporary file is left (also none that a kill inside an
 * atomic write leaves, planted before the last run).
 */
class TrainKillResumeTest {
  private static final List<String> HEADS = List.of("caption", "detection", "segmentation");

  @TempDir Path dir;

  private Path config(String output) throws Exception {
    Path config = dir.resolve(output + ".json");
    Files.writeString(
        config,
        """
        {"backbone": {"arch": "backbone.json", "weights": "backbone.safetensors"},
         "data": {"images": "data/images", "instances": "data/instances.json", "captions": "data/captions.json",
                  "image_size": 56, "keep_in_memory": false},
         "heads": {"size": "small"},
         "stage1": {"caption": {"steps": 6, "learning_rate": 1e-3, "warmup_steps": 1},
                    "detection": {"steps": 6, "warmup_steps": 1}, "segmentation": {"steps": 6, "warmup_steps": 1}},
         "stage2": {"steps": 8, "learning_rate": 1e-3, "warmup_steps": 1, "lora": {"r": 4, "alpha": 4}},
         "batch_size": 2, "checkpoint_every": 2, "output": "%s", "seed": 5}"""
            .formatted(output));
    return config;
  }

  /**
   * {@code visft train --config config} in a new JVM with this test's class path; its output goes
   * to {@code log}.
   */
  private Process train(Path config, String log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx2g",
            "-cp",
            System.getProperty("java.class.path"),
            VisftCommand.class.getName(),
            "train",
            "--config",
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(log).toFile())
        .start();
  }

  private void finish(Process p, String log) throws Exception {
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("visft train did not finish; its output:\n" + Files.readString(dir.resolve(log)));
    }
    assertEquals(
        0, p.exitValue(), "visft train failed; its output:\n" + Files.readString(dir.resolve(log)));
  }

  /**
   * Kills {@code p} with SIGKILL as soon as {@code checkpoints} holds a checkpoint; returns the
   * step it covers.
   */
  private long killAfterCheckpoint(Process p, Path checkpoints, String log) throws Exception {
    Path latest = checkpoints.resolve("latest");
    while (!Files.exists(latest)) {
      if (!p.isAlive()) {
        fail(
            "visft train ended (exit "
                + p.exitValue()
                + ") before a checkpoint appeared in "
                + checkpoints
                + ":\n"
                + Files.readString(dir.resolve(log)));
      }
      Thread.sleep(2);
    }
    p.destroyForcibly().waitFor();
    assertEquals(137, p.exitValue(), "the process must die by SIGKILL, not finish first");
    return ResumePoint.latest(checkpoints).orElseThrow().step();
  }

  @Test
  void runsKilledInEachStageResumeToTheUninterruptedResult() throws Exception {
    new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(21, 6)).generate(dir.resolve("data"));
    EvaConfig backbone = new EvaConfig(32, 2, 2, 64, 14, 4, false, 1e-6, true);
    backbone.writeJson(dir.resolve("backbone.json"));
    SafetensorsWriter.write(
        dir.resolve("backbone.safetensors"), EvaInit.random(backbone, 2), Map.of());

    finish(train(config("reference"), "reference.log"), "reference.log");

    Path run = dir.resolve("run");
    long stage1 =
        killAfterCheckpoint(
            train(config("run"), "kill1.log"),
            run.resolve("checkpoints/stage1-detection"),
            "kill1.log");
    assertTrue(
        stage1 < 6,
        "the first kill must land inside stage 1 of detection, its checkpoint is at step "
            + stage1);
    long stage2 =
        killAfterCheckpoint(
            train(config("run"), "kill2.log"), run.resolve("checkpoints/stage2"), "kill2.log");
    assertTrue(
        stage2 < 8,
        "the second kill must land inside stage 2, its checkpoint is at step " + stage2);
    // What a kill inside an atomic write leaves (the kills above land between writes almost
    // always).
    Files.write(
        Files.createDirectories(run.resolve("adapter"))
            .resolve(".adapter_model.safetensors.4125096324875862741.tmp"),
        new byte[] {1});
    Files.write(
        Files.createDirectories(run.resolve("checkpoints/stage2/.step-000000006.tmp"))
            .resolve("parameters.safetensors"),
        new byte[] {1});
    finish(train(config("run"), "resume.log"), "resume.log");

    Path reference = dir.resolve("reference");
    for (String head : HEADS) {
      assertSameBytes(
          reference.resolve("heads/" + head + ".safetensors"),
          run.resolve("heads/" + head + ".safetensors"));
    }
    for (String file : List.of("adapter_model.safetensors", "adapter_config.json")) {
      assertSameBytes(reference.resolve("adapter/" + file), run.resolve("adapter/" + file));
    }
    List<String> expected = withoutWallTime(reference.resolve("metrics.jsonl"));
    assertEquals(3 * 6 + 8, expected.size(), "one line per step in the uninterrupted run");
    assertEquals(
        expected,
        withoutWallTime(run.resolve("metrics.jsonl")),
        "the resumed run's metrics must be the uninterrupted run's: every step once, in order, with the same numbers");
    try (Stream<Path> files = Files.walk(run)) {
      assertEquals(
          List.of(),
          files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
          "temporary files left after the runs");
    }
  }

  /**
   * Equal bytes; a difference is shown as the text around its first byte (safetensors headers and
   * JSON are text).
   */
  private static void assertSameBytes(Path expected, Path actual) throws Exception {
    byte[] e = Files.readAllBytes(expected);
    byte[] a = Files.readAllBytes(actual);
    int at = java.util.Arrays.mismatch(e, a);
    if (at >= 0) {
      fail(
          actual
              + " differs from "
              + expected
              + " at byte "
              + at
              + " (sizes "
              + a.length
              + " and "
              + e.length
              + "):\n  "
              + around(e, at)
              + "\n  "
              + around(a, at));
    }
  }

  private static String around(byte[] bytes, int at) {
    int from = Math.max(0, at - 20);
    return new String(
            bytes,
            from,
            Math.min(bytes.length, at + 60) - from,
            java.nio.charset.StandardCharsets.ISO_8859_1)
        .replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** The metrics lines with the {@code seconds} key (the step's wall time, always last) removed. */
  private static List<String> withoutWallTime(Path metrics) throws Exception {
    return Files.readAllLines(metrics).stream()
        .map(l -> l.replaceFirst(",\"seconds\":[^,}]*}$", "}"))
        .toList();
  }
}
