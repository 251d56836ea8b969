package io.visft.examples.train;

import io.visft.api.HostTensor;
import io.visft.api.Task;
import io.visft.core.data.BadSamplePolicy;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.io.AtomicFiles;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.HeadTasks;
import io.visft.core.train.TrainingProgress;
import io.visft.core.train.TwoStagePipeline;
import io.visft.core.train.TwoStagePipeline.StageConfig;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.pipeline.HeadSizes;
import io.visft.heads.pipeline.ViSFTHeads;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
import io.visft.lora.format.PeftLoraFormat;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One ViSFT training run from a {@link TrainConfig}: opens the backbone checkpoint, loads the
 * splits, creates the heads and the adapter, then runs stage 1 (one run per head, each head written
 * to {@code output/heads/<task>.safetensors} when it finishes) and stage 2 (the adapter written to
 * {@code output/adapter} in PEFT's layout). Checkpoints go to {@code output/checkpoints}; running
 * the same config again resumes from them. Every step is appended to {@code output/metrics.jsonl},
 * which a resumed run continues without gaps or duplicates. Temporary files that a killed run left
 * in these folders are deleted when the next run opens. Each stage closes the training sessions it
 * opened when it ends; close the run to release the checkpoint's mapped weights.
 */
public final class TrainRun implements AutoCloseable {
  private final TrainConfig config;
  private final EvaWeightsFile checkpoint;
  private final RuntimeOptions runtime;
  private final ImageCaptionSet captions;
  private final InstanceSet instances;
  private final Lora lora;
  private final ViSFTHeads heads;

  private TrainRun(
      TrainConfig config,
      EvaWeightsFile checkpoint,
      RuntimeOptions runtime,
      ImageCaptionSet captions,
      InstanceSet instances,
      Lora lora,
      ViSFTHeads heads) {
    this.config = config;
    this.checkpoint = checkpoint;
    this.runtime = runtime;
    this.captions = captions;
    this.instances = instances;
    this.lora = lora;
    this.heads = heads;
  }

  /** Reads everything the run needs; nothing trains yet. */
  public static TrainRun open(TrainConfig c) {
    for (Path dir :
        List.of(c.output(), c.output().resolve("heads"), c.output().resolve("adapter"))) {
      AtomicFiles.removeStale(dir);
    }
    RuntimeOptions rt =
        RuntimeOptions.parse(c.device())
            .withComputePrecision(c.precision())
            .withFrozenWeights(c.frozenPrecision());
    EvaWeightsFile ckpt = c.backbone().open();
    try {
      TrainSizes.check(c, ckpt.config());
      List<String> tasks = c.heads().tasks();
      TrainConfig.Data d = c.data();
      BadSamplePolicy onBad = TrainConfig.badSamplePolicy(d.onBadImage());
      ImageCaptionSet captions =
          !tasks.contains(CaptionHead.TASK)
              ? null
              : d.keepInMemory()
                  ? ImageCaptionSet.load(d.captions(), d.images(), d.imageSize(), onBad)
                  : ImageCaptionSet.open(d.captions(), d.images(), d.imageSize(), onBad);
      InstanceSet instances =
          tasks.stream().anyMatch(t -> !t.equals(CaptionHead.TASK))
              ? (d.keepInMemory()
                  ? InstanceSet.load(d.instances(), d.images(), d.imageSize(), onBad)
                  : InstanceSet.open(d.instances(), d.images(), d.imageSize(), onBad))
              : null;
      TrainConfig.Lora l = c.stage2().lora();
      Lora lora =
          Lora.create(
              "visft",
              LoraConfig.visft().withRank(l.r()).withAlpha(l.alpha()).withDropout(l.dropout()),
              EvaWeightNames.linearModules(ckpt.config()),
              c.seed());
      ViSFTHeads heads =
          ViSFTHeads.builder()
              .backbone(ckpt.config(), ckpt.weights())
              .captions(captions)
              .instances(instances)
              .tasks(tasks.stream().map(Task::fromConfigName).toList())
              .adapter(() -> new LoraLinearLayer(lora, null, rt.computePrecision()))
              .headSizes(HeadSizes.parse(c.heads().size()))
              .batchSize(c.batchSize())
              .augment(d.augment())
              .seed(c.seed())
              .runtime(rt)
              .recompute(c.recompute())
              .build();
      return new TrainRun(c, ckpt, rt, captions, instances, lora, heads);
    } catch (RuntimeException e) {
      ckpt.close();
      throw e;
    }
  }

  /**
   * Stage 1: trains (or resumes) each head on the frozen backbone and writes it; returns the losses
   * of the steps run.
   */
  public Map<String, double[]> stage1(PrintStream progress) {
    Map<String, double[]> losses = new LinkedHashMap<>();
    try (MetricsFile metrics =
        new MetricsFile(config.output().resolve("metrics.jsonl"), "stage1")) {
      for (HeadTasks h : heads.all()) {
        String task = h.head().task();
        TrainConfig.Stage s = config.stage1().of(task);
        try (TwoStagePipeline p = pipeline(List.of(h))) {
          losses.putAll(
              p.addListener(metrics)
                  .addListener(new TrainingProgress(progress, "stage 1 " + task, s.steps()))
                  .trainHeads());
        }
        h.head().save(headFile(task));
      }
    }
    return losses;
  }

  /**
   * Stage 2: trains (or resumes) the adapter through the frozen heads and writes it; returns the
   * losses of the steps run.
   */
  public double[] stage2(PrintStream progress) {
    double[] losses;
    try (MetricsFile metrics = new MetricsFile(config.output().resolve("metrics.jsonl"), "stage2");
        TwoStagePipeline p = pipeline(heads.all())) {
      losses =
          p.addListener(metrics)
              .addListener(new TrainingProgress(progress, "stage 2", config.stage2().steps()))
              .trainAdapter();
    }
    PeftLoraFormat.write(lora, adapterDir());
    return losses;
  }

  private TwoStagePipeline pipeline(List<HeadTasks> tasks) {
    TrainConfig.Stage2 s2 = config.stage2();
    Map<String, Double> ratios = new LinkedHashMap<>();
    tasks.forEach(h -> ratios.put(h.head().task(), s2.ratios().get(h.head().task())));
    return new TwoStagePipeline(
        tasks,
        lora,
        lora.trainableParameters(),
        task -> {
          TrainConfig.Stage s = config.stage1().of(task);
          return new StageConfig(
              s.steps(),
              s.learningRate(),
              s.warmupSteps(),
              config.clipNorm(),
              config.checkpointEvery(),
              config.accumulateSteps());
        },
        new StageConfig(
            s2.steps(),
            s2.learningRate(),
            s2.warmupSteps(),
            config.clipNorm(),
            config.checkpointEvery(),
            config.accumulateSteps()),
        ratios,
        config.checkpointEvery() > 0 ? config.output().resolve("checkpoints") : null,
        config.seed());
  }

  /** Where stage 1 writes the head of {@code task}. */
  public Path headFile(String task) {
    return config.output().resolve("heads").resolve(task + ".safetensors");
  }

  /** Where stage 2 writes the adapter. */
  public Path adapterDir() {
    return config.output().resolve("adapter");
  }

  public ViSFTHeads heads() {
    return heads;
  }

  public Lora lora() {
    return lora;
  }

  public EvaConfig backbone() {
    return checkpoint.config();
  }

  /** The frozen backbone weights (mapped from the checkpoint; valid until {@link #close()}). */
  public Map<String, HostTensor> weights() {
    return checkpoint.weights();
  }

  public RuntimeOptions runtime() {
    return runtime;
  }

  @Override
  public void close() {
    checkpoint.close();
  }
}
