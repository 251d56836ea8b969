package io.visft.heads.pipeline;

import io.visft.api.ConfigException;
import io.visft.api.HostTensor;
import io.visft.api.Task;
import io.visft.api.ViSFTPipeline;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.TwoStagePipeline;
import io.visft.core.train.TwoStagePipeline.StageConfig;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The entry point: a {@link ViSFTPipeline} built by name instead of by position.
 *
 * <pre>{@code
 * try (ViSFTPipeline pipeline = ViSFT.builder().backbone(config, weights).captions(captions)
 *     .instances(instances).steps(20_000, 20_000).build()) {
 *   pipeline.trainHeads();
 *   pipeline.trainAdapter();
 * }
 * }</pre>
 *
 * Defaults are the paper's: the {@link HeadSizes#VISFT} heads, {@link LoraConfig#visft()}, stage-1
 * rates caption 4e-4 and detection/segmentation 5e-5, LoRA rate 1e-5, 2000 warm-up steps, global
 * norm clip 0.1, stage-2 ratios {@link Task#visftStage2Ratios()}; no augmentation, batch 2, seed 0,
 * the CPU, no checkpoints. This class lives in {@code visft-heads}, the lowest module that sees the
 * heads, the LoRA adapter and the training loop together.
 */
public final class ViSFT {
  private ViSFT() {}

  /**
   * A builder with the paper's defaults; {@link Builder#backbone} and {@link Builder#steps} are
   * required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects a pipeline's settings; {@link #build()} checks them. Not thread-safe. */
  public static final class Builder {
    private static final double CAPTION_RATE = 4e-4;
    private static final double INSTANCE_RATE = 5e-5;
    private static final double LORA_RATE = 1e-5;
    private static final long WARMUP_STEPS = 2000;
    private static final double CLIP_NORM = 0.1;

    private final ViSFTHeads.Builder heads = ViSFTHeads.builder();
    private LoraConfig lora = LoraConfig.visft();
    private final Map<Task, StageConfig> stage1 = new EnumMap<>(Task.class);
    private StageConfig stage2;
    private final Map<Task, Double> ratios = new EnumMap<>(Task.visftStage2Ratios());
    private Path checkpoints;

    private Builder() {}

    /** The frozen backbone: its config and weights (EVA names, {@code [out, in]} linears). */
    public Builder backbone(EvaConfig config, Map<String, HostTensor> weights) {
      heads.backbone(config, weights);
      return this;
    }

    /** Trains the captioning head on these image-caption pairs. */
    public Builder captions(ImageCaptionSet captions) {
      heads.captions(Objects.requireNonNull(captions, "captions"));
      return this;
    }

    /** Trains the detection and segmentation heads on these instances. */
    public Builder instances(InstanceSet instances) {
      heads.instances(Objects.requireNonNull(instances, "instances"));
      return this;
    }

    /** The head sizes (default {@link HeadSizes#VISFT}). */
    public Builder headSizes(HeadSizes sizes) {
      heads.headSizes(sizes);
      return this;
    }

    /** The adapter trained in stage 2 (default {@link LoraConfig#visft()}). */
    public Builder lora(LoraConfig lora) {
      this.lora = Objects.requireNonNull(lora, "lora");
      return this;
    }

    /**
     * Steps of each stage-1 run and of stage 2, with the paper's rates, warm-up and clip; {@link
     * #stage1} and {@link #stage2} override single stages afterwards.
     */
    public Builder steps(long stage1Steps, long stage2Steps) {
      for (Task t : Task.values()) {
        stage1.put(
            t,
            new StageConfig(
                stage1Steps,
                t == Task.CAPTION ? CAPTION_RATE : INSTANCE_RATE,
                WARMUP_STEPS,
                CLIP_NORM,
                0,
                1));
      }
      stage2 = new StageConfig(stage2Steps, LORA_RATE, WARMUP_STEPS, CLIP_NORM, 0, 1);
      return this;
    }

    /** The stage-1 run of {@code task}. */
    public Builder stage1(Task task, StageConfig config) {
      stage1.put(task, Objects.requireNonNull(config, "config"));
      return this;
    }

    /** Stage 2 (the adapter). */
    public Builder stage2(StageConfig config) {
      this.stage2 = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The stage-2 draw ratio of {@code task} (default {@link Task#visftStage2Ratios()}). */
    public Builder ratio(Task task, double ratio) {
      ratios.put(task, ratio);
      return this;
    }

    /** Images per step (default 2). */
    public Builder batchSize(int batchSize) {
      heads.batchSize(batchSize);
      return this;
    }

    /** Whether detection and segmentation train on the paper's augmentations (default false). */
    public Builder augment(boolean augment) {
      heads.augment(augment);
      return this;
    }

    /** Seeds the heads, the adapter, the draws and the augmentations (default 0). */
    public Builder seed(long seed) {
      heads.seed(seed);
      return this;
    }

    /** Where the graphs run (default {@link RuntimeOptions#cpu()}). */
    public Builder runtime(RuntimeOptions runtime) {
      heads.runtime(runtime);
      return this;
    }

    /** A folder for checkpoints every {@code StageConfig.checkpointEvery} steps (default none). */
    public Builder checkpoints(Path folder) {
      this.checkpoints = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /**
     * A pipeline with fresh heads for the data given (caption with {@link #captions}, detection and
     * segmentation with {@link #instances}) and a fresh LoRA adapter; close it when done.
     *
     * @throws ConfigException naming the missing setting
     */
    public ViSFTPipeline build() {
      if (heads.backbone == null) {
        throw new ConfigException("ViSFT.builder(): no backbone; call backbone(config, weights)");
      }
      if (stage2 == null) {
        throw new ConfigException(
            "ViSFT.builder(): no step counts; call steps(stage1Steps, stage2Steps)");
      }
      boolean captions = heads.captions != null;
      boolean instances = heads.instances != null;
      if (!captions && !instances) {
        throw new ConfigException(
            "ViSFT.builder(): no training data; call captions(...) and/or instances(...)");
      }
      if (heads.batchSize < 1) {
        throw new ConfigException(
            "ViSFT.builder(): batchSize = " + heads.batchSize + ", expected at least 1");
      }
      List<Task> tasks =
          (captions && instances
              ? List.of(Task.values())
              : captions ? List.of(Task.CAPTION) : List.of(Task.DETECTION, Task.SEGMENTATION));
      long seed = heads.seed;
      Lora adapter = Lora.create("visft", lora, EvaWeightNames.linearModules(heads.backbone), seed);
      ComputePrecision precision = heads.runtime.computePrecision();
      ViSFTHeads built =
          heads.tasks(tasks).adapter(() -> new LoraLinearLayer(adapter, null, precision)).build();
      Map<String, Double> used = new LinkedHashMap<>();
      tasks.forEach(t -> used.put(t.configName(), ratios.get(t)));
      Map<Task, StageConfig> runs = new EnumMap<>(stage1);
      return new TwoStagePipeline(
          built.all(),
          adapter,
          adapter.trainableParameters(),
          name -> runs.get(Task.fromConfigName(name)),
          stage2,
          used,
          checkpoints,
          seed);
    }
  }
}
