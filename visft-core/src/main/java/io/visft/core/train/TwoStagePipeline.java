package io.visft.core.train;

import io.visft.api.LoraAdapter;
import io.visft.api.TaskHead;
import io.visft.api.TrainingListener;
import io.visft.api.ViSFTPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link ViSFTPipeline} over {@link HeadTasks}: stage 1 runs one {@link Trainer} per head on the
 * head's parameters; stage 2 runs one {@link Trainer} on the adapter's parameters with every head's
 * stage-2 task, drawn by ratio. Optimizers and schedules come from the stage configs (paper
 * defaults: AdamW, warm-up + cosine, clipping 0.1).
 *
 * <p>The pipeline opens the {@link TrainingTask}s (with their ONNX Runtime sessions and prefetch
 * threads) and closes them: each head's stage-1 task when its run ends, the stage-2 tasks when
 * stage 2 ends, by return or by exception, so no session of one run holds memory during the next.
 * {@link #close()} ends the pipeline. Not thread-safe.
 */
public final class TwoStagePipeline implements ViSFTPipeline {

  /**
   * One stage's settings.
   *
   * @param steps steps per run
   * @param learningRate peak rate (caption 4e-4, detection/segmentation 5e-5, LoRA 1e-5 in the
   *     paper)
   * @param warmupSteps linear warm-up (2000 in the paper)
   * @param clipNorm global-norm clip (0.1 in the paper)
   * @param checkpointEvery checkpoint interval, 0 for none
   * @param accumulateSteps micro-batches whose mean gradient makes one step (1: none)
   */
  public record StageConfig(
      long steps,
      double learningRate,
      long warmupSteps,
      double clipNorm,
      long checkpointEvery,
      int accumulateSteps) {
    LearningRateSchedule schedule() {
      return warmupSteps > 0
          ? LearningRateSchedule.warmupCosine(learningRate, Math.min(warmupSteps, steps - 1), steps)
          : LearningRateSchedule.constant(learningRate);
    }
  }

  private final List<HeadTasks> heads;
  private final LoraAdapter adapter;
  private final Parameters adapterParameters;
  private final Function<String, StageConfig> stage1;
  private final StageConfig stage2;
  private final Map<String, Double> ratios;
  private final Path checkpoints;
  private final long seed;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private boolean closed;

  /**
   * @param stage1 the stage-1 settings of each task
   * @param ratios stage-2 task ratios (see {@link TaskSampler#visftRatios()})
   * @param checkpoints folder for checkpoints ({@code stage1-<task>/}, {@code stage2/}); null for
   *     none
   */
  public TwoStagePipeline(
      List<HeadTasks> heads,
      LoraAdapter adapter,
      Parameters adapterParameters,
      Function<String, StageConfig> stage1,
      StageConfig stage2,
      Map<String, Double> ratios,
      Path checkpoints,
      long seed) {
    this.heads = List.copyOf(heads);
    this.adapter = adapter;
    this.adapterParameters = adapterParameters;
    this.stage1 = stage1;
    this.stage2 = stage2;
    this.ratios = Collections.unmodifiableMap(new LinkedHashMap<>(ratios));
    this.checkpoints = checkpoints;
    this.seed = seed;
  }

  public TwoStagePipeline addListener(TrainingListener l) {
    listeners.add(l);
    return this;
  }

  @Override
  public Map<String, double[]> trainHeads() {
    checkOpen();
    Map<String, double[]> losses = new LinkedHashMap<>();
    for (HeadTasks h : heads) {
      String task = h.head().task();
      StageConfig c = stage1.apply(task);
      TrainerConfig tc =
          new TrainerConfig(
              c.steps(),
              c.schedule(),
              c.clipNorm(),
              checkpoints == null ? 0 : c.checkpointEvery(),
              checkpoints == null ? null : checkpoints.resolve("stage1-" + task),
              Map.of(task, 1.0),
              seed,
              c.accumulateSteps());
      try (OpenTasks open = new OpenTasks()) {
        open.open(h::stage1);
        losses.put(task, run(tc, h.headParameters(), open.all()));
      }
    }
    return losses;
  }

  @Override
  public double[] trainAdapter() {
    checkOpen();
    Map<String, Double> used = new LinkedHashMap<>();
    heads.forEach(h -> used.put(h.head().task(), ratios.getOrDefault(h.head().task(), 1.0)));
    TrainerConfig tc =
        new TrainerConfig(
            stage2.steps(),
            stage2.schedule(),
            stage2.clipNorm(),
            checkpoints == null ? 0 : stage2.checkpointEvery(),
            checkpoints == null ? null : checkpoints.resolve("stage2"),
            used,
            seed,
            stage2.accumulateSteps());
    try (OpenTasks open = new OpenTasks()) {
      heads.forEach(h -> open.open(h::stage2));
      return run(tc, adapterParameters, open.all());
    }
  }

  private double[] run(TrainerConfig config, Parameters parameters, List<TrainingTask> tasks) {
    Trainer t = new Trainer(config, parameters, new AdamW(parameters, AdamWConfig.visft()), tasks);
    listeners.forEach(t::addListener);
    return t.run();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this pipeline is closed; create a new one to train again");
    }
  }

  /** Ends the pipeline; the tasks it opened are already closed when their stage ended. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public List<TaskHead> heads() {
    return heads.stream().map(HeadTasks::head).toList();
  }

  @Override
  public LoraAdapter adapter() {
    return adapter;
  }
}
