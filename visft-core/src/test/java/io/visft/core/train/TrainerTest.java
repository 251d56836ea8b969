package io.visft.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {
  @TempDir Path dir;

  /** Least squares on a cycling stream of 4 fixed batches; the data position is the batch index. */
  static final class RegressionTask extends SessionTask {
    private final HostTensor[] xs = new HostTensor[4];
    private final HostTensor[] ys = new HostTensor[4];
    private final long nanAtStep;

    RegressionTask(String name, long seed, long nanAtStep) {
      super(name, session());
      this.nanAtStep = nanAtStep;
      Random r = new Random(seed);
      for (int b = 0; b < 4; b++) {
        float[] x = new float[5 * 3];
        float[] y = new float[5 * 2];
        for (int i = 0; i < 5; i++) {
          for (int j = 0; j < 3; j++) {
            x[i * 3 + j] = (float) r.nextGaussian();
          }
          y[i * 2] = x[i * 3] - 2 * x[i * 3 + 1];
          y[i * 2 + 1] = 0.5f * x[i * 3 + 2] + (float) r.nextGaussian() * 0.01f;
        }
        xs[b] = HostTensor.ofFloats(x, 5, 3);
        ys[b] = HostTensor.ofFloats(y, 5, 2);
      }
    }

    private static TrainingSession session() {
      Graph g = new Graph();
      Ops o = new Ops(g);
      Value x = g.input("x", DType.F32, 5, 3);
      Value y = g.input("y", DType.F32, 5, 2);
      Value w = g.input("w", DType.F32, 2, 3);
      Value diff = o.sub(o.gemm(x, w, null, 1f, 0f, false, true), y);
      return TrainingSession.create(
          o.reduceMean(o.mul(diff, diff), false, 0, 1),
          Map.of("w", w),
          Map.of(),
          RuntimeOptions.cpu());
    }

    @Override
    protected double step(
        TrainingSession session, Parameters parameters, long index, long globalStep) {
      int b = (int) (index % 4);
      double loss = session.step(parameters, Map.of("x", xs[b], "y", ys[b]));
      return globalStep == nanAtStep ? Double.NaN : loss;
    }
  }

  private Trainer trainer(long steps, long nanAt, List<TrainingTask> tasks) {
    return trainer(steps, nanAt, tasks, 1);
  }

  private Trainer trainer(long steps, long nanAt, List<TrainingTask> tasks, int accumulateSteps) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    ratios.put("a", 0.6);
    ratios.put("b", 0.4);
    Parameters p = new Parameters().add("w", new float[6], 2, 3);
    TrainerConfig cfg =
        new TrainerConfig(
            steps,
            LearningRateSchedule.warmupCosine(0.3, 2, steps),
            1.0,
            3,
            dir.resolve("ckpt"),
            ratios,
            11,
            accumulateSteps);
    tasks.add(new RegressionTask("a", 1, -1));
    tasks.add(new RegressionTask("b", 2, nanAt));
    return new Trainer(cfg, p, new AdamW(p, AdamWConfig.visft()), tasks);
  }

  private static void closeAll(List<TrainingTask> tasks) {
    tasks.forEach(TrainingTask::close);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void resumedRunReproducesTheUninterruptedLossesExactly(int accumulateSteps) throws Exception {
    List<TrainingTask> t1 = new java.util.ArrayList<>();
    double[] straight = trainer(40, -1, t1, accumulateSteps).run();
    closeAll(t1);
    double first = java.util.Arrays.stream(straight, 0, 5).average().orElseThrow();
    double last = java.util.Arrays.stream(straight, 35, 40).average().orElseThrow();
    assertTrue(last < 0.1 * first, "the loss must fall: " + java.util.Arrays.toString(straight));
    Files.walk(dir.resolve("ckpt"))
        .sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());

    List<TrainingTask> t2 = new java.util.ArrayList<>();
    Trainer interrupted = trainer(40, -1, t2, accumulateSteps);
    interrupted.addListener(
        m -> {
          if (m.step() == 6) {
            throw new IllegalStateException("simulated crash after step 6");
          }
        });
    assertThrows(IllegalStateException.class, interrupted::run);
    closeAll(t2);
    assertEquals(6, ResumePoint.latest(dir.resolve("ckpt")).orElseThrow().step());

    List<TrainingTask> t3 = new java.util.ArrayList<>();
    double[] resumed = trainer(40, -1, t3, accumulateSteps).run();
    closeAll(t3);
    assertArrayEquals(java.util.Arrays.copyOfRange(straight, 6, 40), resumed);
  }

  @Test
  void aNanLossStopsNamingStepAndTaskAndKeepsTheLastGoodCheckpoint() {
    TaskSampler sampler = new TaskSampler(Map.of("a", 0.6, "b", 0.4), 11);
    long nanStep =
        java.util.stream.LongStream.range(4, 40)
            .filter(s -> sampler.taskAt(s).equals("b"))
            .findFirst()
            .orElseThrow();
    List<TrainingTask> tasks = new java.util.ArrayList<>();
    Trainer t = trainer(50, nanStep, tasks);
    NumericException e = assertThrows(NumericException.class, t::run);
    closeAll(tasks);
    assertTrue(e.getMessage().contains("step " + nanStep + ", task 'b'"), e.getMessage());
    assertEquals(nanStep / 3 * 3, ResumePoint.latest(dir.resolve("ckpt")).orElseThrow().step());
  }

  @Test
  void aWriteKilledHalfwayLeavesThePreviousCheckpointReadable() throws Exception {
    Path ckpt = dir.resolve("c");
    new ResumePoint(3, Map.of("w", HostTensor.ofFloats(new float[] {1, 2}, 2)), Map.of(), Map.of())
        .write(ckpt);
    Path partial = Files.createDirectories(ckpt.resolve(".step-000000006.tmp"));
    Files.write(partial.resolve("parameters.safetensors"), new byte[] {1, 2, 3});
    ResumePoint back = ResumePoint.latest(ckpt).orElseThrow();
    assertEquals(3, back.step());
    assertArrayEquals(new float[] {1, 2}, back.parameters().get("w").toFloatArray());
  }

  @Test
  void aRunRemovesWhatAKilledCheckpointWriteLeft() throws Exception {
    Path ckpt = dir.resolve("ckpt");
    List<TrainingTask> killed = new java.util.ArrayList<>();
    Trainer interrupted =
        trainer(6, -1, killed)
            .addListener(
                m -> {
                  if (m.step() == 4) {
                    throw new IllegalStateException("simulated crash after step 4");
                  }
                });
    assertThrows(IllegalStateException.class, interrupted::run);
    closeAll(killed);
    Path partial = Files.createDirectories(ckpt.resolve(".step-000000006.tmp"));
    Files.write(partial.resolve("parameters.safetensors"), new byte[] {1, 2, 3});
    Path pointer = Files.write(ckpt.resolve(".latest.8141725093462561372.tmp"), new byte[] {4});
    Path foreign = Files.writeString(ckpt.resolve("notes.txt"), "kept");

    List<TrainingTask> tasks = new java.util.ArrayList<>();
    trainer(6, -1, tasks).run();
    closeAll(tasks);

    assertTrue(Files.notExists(partial), "stale checkpoint folder " + partial);
    assertTrue(Files.notExists(pointer), "stale temporary file " + pointer);
    assertTrue(Files.exists(foreign));
  }

  @Test
  void listenersHearTheStartAndEachCheckpointBeforeItIsWritten() {
    List<String> events = new java.util.ArrayList<>();
    List<TrainingTask> tasks = new java.util.ArrayList<>();
    Trainer t = trainer(7, -1, tasks);
    t.addListener(
        new io.visft.api.TrainingListener() {
          @Override
          public void onStep(io.visft.api.StepMetrics m) {
            events.add("step " + m.step());
          }

          @Override
          public void onStart(long firstStep, List<String> drawn) {
            events.add("start " + firstStep + " " + drawn);
          }

          @Override
          public void beforeCheckpoint(long nextStep) {
            java.util.Optional<ResumePoint> written = ResumePoint.latest(dir.resolve("ckpt"));
            events.add(
                "checkpoint "
                    + nextStep
                    + " (latest on disk: "
                    + written.map(ResumePoint::step).orElse(0L)
                    + ")");
          }
        });
    t.addListener(
        m -> {
          if (m.step() == 4) {
            throw new IllegalStateException("simulated crash after step 4");
          }
        });
    assertThrows(IllegalStateException.class, t::run);
    closeAll(tasks);
    assertEquals(
        List.of(
            "start 0 [a, b]",
            "step 0",
            "step 1",
            "step 2",
            "checkpoint 3 (latest on disk: 0)",
            "step 3",
            "step 4"),
        events);

    List<String> resumed = new java.util.ArrayList<>();
    List<TrainingTask> again = new java.util.ArrayList<>();
    Trainer r = trainer(7, -1, again);
    r.addListener(
        new io.visft.api.TrainingListener() {
          @Override
          public void onStep(io.visft.api.StepMetrics m) {
            resumed.add("step " + m.step());
          }

          @Override
          public void onStart(long firstStep, List<String> drawn) {
            resumed.add("start " + firstStep);
          }

          @Override
          public void beforeCheckpoint(long nextStep) {
            resumed.add("checkpoint " + nextStep);
          }
        });
    r.run();
    closeAll(again);
    assertEquals(
        List.of("start 3", "step 3", "step 4", "step 5", "checkpoint 6", "step 6", "checkpoint 7"),
        resumed);
  }

  @Test
  void taskDrawsFollowTheRatios() {
    TaskSampler s = new TaskSampler(TaskSampler.visftRatios(), 5);
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (long i = 0; i < 20000; i++) {
      counts.merge(s.taskAt(i), 1, Integer::sum);
    }
    assertEquals(0.4, counts.get("caption") / 20000.0, 0.015);
    assertEquals(0.3, counts.get("segmentation") / 20000.0, 0.015);
    assertEquals(0.3, counts.get("detection") / 20000.0, 0.015);
  }
}
