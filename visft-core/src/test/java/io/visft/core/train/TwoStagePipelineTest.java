package io.visft.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.HostTensor;
import io.visft.api.TaskHead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pipeline closes every task it opens, when a stage ends normally and when it ends by an
 * exception.
 */
class TwoStagePipelineTest {
  private final List<String> log = new ArrayList<>();

  /**
   * A task that records its opening, steps and closing in {@link #log}; it throws at step {@code
   * failAt}.
   */
  private final class RecordingTask implements TrainingTask {
    private final String name;
    private final long failAt;
    private final Map<String, float[]> gradients = Map.of("w", new float[] {0.5f});

    RecordingTask(String name, long failAt) {
      this.name = name;
      this.failAt = failAt;
      log.add("open " + name);
    }

    @Override
    public String name() {
      return name.substring(0, name.indexOf('/'));
    }

    @Override
    public double step(Parameters parameters, long globalStep) {
      if (globalStep == failAt) {
        throw new IllegalStateException(name + " fails at step " + globalStep);
      }
      return 1.0;
    }

    @Override
    public Map<String, float[]> gradients() {
      return gradients;
    }

    @Override
    public Map<String, Long> dataPosition() {
      return Map.of();
    }

    @Override
    public void seek(Map<String, Long> position) {}

    @Override
    public void close() {
      log.add("close " + name);
    }
  }

  /**
   * Head {@code task}: its stage-1 task fails at {@code stage1FailAt}, its stage-2 task at {@code
   * stage2FailAt}.
   */
  private final class RecordingHead implements HeadTasks, TaskHead {
    private final String task;
    private final long stage1FailAt;
    private final long stage2FailAt;
    private final boolean stage2OpenFails;
    private final Parameters parameters = new Parameters().add("w", new float[1], 1);

    RecordingHead(String task, long stage1FailAt, long stage2FailAt, boolean stage2OpenFails) {
      this.task = task;
      this.stage1FailAt = stage1FailAt;
      this.stage2FailAt = stage2FailAt;
      this.stage2OpenFails = stage2OpenFails;
    }

    @Override
    public TaskHead head() {
      return this;
    }

    @Override
    public Parameters headParameters() {
      return parameters;
    }

    @Override
    public TrainingTask stage1() {
      return new RecordingTask(task + "/stage1", stage1FailAt);
    }

    @Override
    public TrainingTask stage2() {
      if (stage2OpenFails) {
        throw new IllegalStateException("cannot open " + task + "/stage2");
      }
      return new RecordingTask(task + "/stage2", stage2FailAt);
    }

    @Override
    public String task() {
      return task;
    }

    @Override
    public Map<String, HostTensor> parameters() {
      return parameters.toTensors();
    }

    @Override
    public void load(Map<String, HostTensor> values) {
      parameters.load(values);
    }

    @Override
    public void save(Path file) {
      throw new UnsupportedOperationException("not written in this test");
    }
  }

  private static TwoStagePipeline pipeline(RecordingHead... heads) {
    return new TwoStagePipeline(
        List.of(heads),
        null,
        new Parameters().add("w", new float[1], 1),
        t -> new TwoStagePipeline.StageConfig(3, 1e-2, 0, 1.0, 0, 1),
        new TwoStagePipeline.StageConfig(4, 1e-2, 0, 1.0, 0, 1),
        Map.of("a", 0.5, "b", 0.5),
        null,
        1);
  }

  @Test
  void closesEachStagesTasksWhenTheStageEnds() {
    try (TwoStagePipeline p =
        pipeline(new RecordingHead("a", -1, -1, false), new RecordingHead("b", -1, -1, false))) {
      p.trainHeads();
      assertEquals(
          List.of("open a/stage1", "close a/stage1", "open b/stage1", "close b/stage1"), log);
      log.clear();
      p.trainAdapter();
      assertEquals(
          List.of("open a/stage2", "open b/stage2", "close b/stage2", "close a/stage2"), log);
      p.close();
      assertThrows(IllegalStateException.class, p::trainHeads);
    }
  }

  @Test
  void closesTheTaskWhenAStage1StepFails() {
    try (TwoStagePipeline p =
        pipeline(new RecordingHead("a", 1, -1, false), new RecordingHead("b", -1, -1, false))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, p::trainHeads);
      assertEquals("a/stage1 fails at step 1", e.getMessage());
      assertEquals(List.of("open a/stage1", "close a/stage1"), log);
    }
  }

  @Test
  void closesEveryStage2TaskWhenAStepFails() {
    TaskSampler sampler = new TaskSampler(Map.of("a", 0.5, "b", 0.5), 1);
    long firstB =
        java.util.stream.LongStream.range(0, 4)
            .filter(s -> sampler.taskAt(s).equals("b"))
            .findFirst()
            .orElseThrow();
    try (TwoStagePipeline p =
        pipeline(
            new RecordingHead("a", -1, -1, false), new RecordingHead("b", -1, firstB, false))) {
      assertThrows(IllegalStateException.class, p::trainAdapter);
      assertEquals(
          List.of("open a/stage2", "open b/stage2", "close b/stage2", "close a/stage2"), log);
    }
  }

  @Test
  void closesTheTasksAlreadyOpenWhenOpeningTheNextFails() {
    try (TwoStagePipeline p =
        pipeline(new RecordingHead("a", -1, -1, false), new RecordingHead("b", -1, -1, true))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, p::trainAdapter);
      assertEquals("cannot open b/stage2", e.getMessage());
      assertEquals(List.of("open a/stage2", "close a/stage2"), log);
    }
  }
}
