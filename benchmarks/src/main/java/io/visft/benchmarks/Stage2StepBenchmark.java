package io.visft.benchmarks;

import io.visft.api.Task;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.runtime.GraphSession;
import io.visft.core.train.AdamW;
import io.visft.core.train.AdamWConfig;
import io.visft.core.train.GradientClipping;
import io.visft.core.train.HeadTasks;
import io.visft.core.train.Parameters;
import io.visft.core.train.TaskSampler;
import io.visft.core.train.TrainingTask;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.core.vit.EvaWeightNames;
import io.visft.heads.pipeline.HeadSizes;
import io.visft.heads.pipeline.ViSFTHeads;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end stage-2 steps at the demo's sizes (the 96-wide, 4-block EVA-style backbone on 112×112
 * synthetic scenes, batch 8, the small heads, LoRA r = 8 on q and v): each op draws a task by the
 * paper's ratios and runs its whole step — batch assembly (with the paper's detection and
 * segmentation augmentations, scaled to 112), the forward run and host-side matching of detection
 * and segmentation, forward + backward, clipping and AdamW. Steps/s = 1000 / (ms per op). At the
 * end of each iteration it prints the share of wall time spent outside ONNX Runtime's run (data,
 * matching, point sampling, optimizer, copies), from {@link GraphSession#cumulativeRunNanos()}.
 * With {@code tasksToRun = caption} only the captioning task runs: the step {@code
 * benchmarks/pytorch/bench_torch.py} ({@code caption_stage2_step}) repeats in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(1)
public class Stage2StepBenchmark {
  private static final EvaConfig DEMO_BACKBONE =
      new EvaConfig(96, 4, 4, 256, 14, 8, false, 1e-6, true);
  private static final int SIZE = 112;
  private static final int BATCH = 8;

  /**
   * {@code mix}: the three tasks by the paper's ratios; {@code caption}: the captioning task alone
   * (PyTorch has it too).
   */
  @Param({"mix", "caption"})
  public String tasksToRun;

  private final Map<String, TrainingTask> tasks = new LinkedHashMap<>();
  private TaskSampler sampler;
  private Parameters params;
  private AdamW optimizer;
  private long step;
  private long wallStart;
  private long ortStart;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir = Files.createTempDirectory("visft-stage2-bench");
    SyntheticDataset data =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(7, 96)).generate(dir);
    ImageCaptionSet captions = ImageCaptionSet.load(data.captionsJson(), data.imageDir(), SIZE);
    InstanceSet instances = InstanceSet.load(data.instancesJson(), data.imageDir(), SIZE);
    Lora lora =
        Lora.create(
            "bench",
            LoraConfig.visft().withRank(8).withAlpha(8),
            EvaWeightNames.linearModules(DEMO_BACKBONE),
            7);
    ViSFTHeads heads =
        ViSFTHeads.builder()
            .backbone(DEMO_BACKBONE, EvaInit.random(DEMO_BACKBONE, 7))
            .captions(captions)
            .instances(instances)
            .tasks(tasks())
            .adapter(() -> new LoraLinearLayer(lora, null))
            .headSizes(HeadSizes.SMALL)
            .batchSize(BATCH)
            .augment(true)
            .seed(7)
            .build();
    for (HeadTasks h : heads.all()) {
      tasks.put(h.head().task(), h.stage2());
    }
    sampler =
        new TaskSampler(
            "caption".equals(tasksToRun)
                ? Map.of(Task.CAPTION.configName(), 1.0)
                : TaskSampler.visftRatios(),
            7);
    params = lora.trainableParameters();
    optimizer = new AdamW(params, AdamWConfig.visft());
  }

  private List<Task> tasks() {
    return "caption".equals(tasksToRun) ? List.of(Task.CAPTION) : List.of(Task.values());
  }

  @Setup(Level.Iteration)
  public void startClock() {
    wallStart = System.nanoTime();
    ortStart = GraphSession.cumulativeRunNanos();
  }

  @Benchmark
  public double step() {
    TrainingTask task = tasks.get(sampler.taskAt(step));
    double loss = task.step(params, step++);
    GradientClipping.clipGlobalNorm(task.gradients(), 0.1);
    optimizer.step(task.gradients(), 1e-5);
    return loss;
  }

  @TearDown(Level.Iteration)
  public void reportShare() {
    double wall = System.nanoTime() - wallStart;
    double ort = GraphSession.cumulativeRunNanos() - ortStart;
    System.out.printf(
        "%n[stage2] outside ONNX Runtime: %.1f%% of %.1f s wall (%d steps so far)%n",
        100 * (wall - ort) / wall, wall / 1e9, step);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tasks.values().forEach(TrainingTask::close);
  }
}
