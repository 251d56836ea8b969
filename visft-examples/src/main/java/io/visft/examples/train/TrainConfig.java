package io.visft.examples.train;

import io.visft.api.ConfigException;
import io.visft.api.Task;
import io.visft.core.data.BadSamplePolicy;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.train.TaskSampler;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaLoadOptions;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.detection.DetectionHead;
import io.visft.heads.pipeline.HeadSizes;
import io.visft.heads.segmentation.SegmentationHead;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code visft train} run, as read from its JSON file by {@link TrainConfigFile} (which documents
 * every field). Absent optional fields take the paper's defaults; paths are resolved against the
 * file's folder.
 *
 * @param backbone the frozen EVA backbone
 * @param data the COCO-format training split
 * @param heads which heads to train and at which size
 * @param stage1 per-head stage-1 schedules
 * @param stage2 the LoRA stage
 * @param batchSize images per micro-batch (8)
 * @param accumulateSteps micro-batches whose mean gradient makes one optimizer step (1): the
 *     effective batch is {@code batchSize × accumulateSteps}; steps, schedules and checkpoints
 *     count optimizer steps
 * @param clipNorm global gradient-norm clip (0.1)
 * @param checkpointEvery steps between checkpoints (500); a rerun resumes from the latest
 * @param output folder for checkpoints, metrics, the adapter and the heads
 * @param seed seeds initialisation, dropout, sampling and point sampling (0)
 * @param device ONNX Runtime device: cpu, cuda or cuda:N
 * @param activationRecompute {@code auto}, {@code on} or {@code off}: whether stage 2's backbone
 *     blocks recompute their activations in the backward pass instead of keeping them ({@code
 *     auto}: when the kept activations would exceed 1 GiB)
 * @param computePrecision {@code fp32}, {@code fp16} or {@code bf16}: what the backbone's
 *     frozen-weight products compute in ({@link ComputePrecision}); 16-bit needs a cuda device
 * @param frozenWeights {@code fp32} (default) or {@code int8}: how the backbone's frozen linear
 *     weights are held and multiplied ({@link FrozenWeights.Precision}); int8 runs on the CPU only
 */
public record TrainConfig(
    Backbone backbone,
    Data data,
    Heads heads,
    Stage1 stage1,
    Stage2 stage2,
    Integer batchSize,
    Integer accumulateSteps,
    Double clipNorm,
    Integer checkpointEvery,
    Path output,
    Long seed,
    String device,
    String activationRecompute,
    String computePrecision,
    String frozenWeights) {

  /** {@link #activationRecompute} as the setting it names. */
  public ActivationRecompute recompute() {
    return ActivationRecompute.parse(activationRecompute, "activation_recompute");
  }

  /** {@link #computePrecision} as the setting it names. */
  public ComputePrecision precision() {
    return ComputePrecision.parse(computePrecision, "compute_precision");
  }

  /** {@link #frozenWeights} as the precision it names. */
  public FrozenWeights.Precision frozenPrecision() {
    return FrozenWeights.Precision.parse(frozenWeights, "frozen_weights");
  }

  /** The tasks a run may train, in the order stage 1 trains them. */
  public static final List<String> TASKS =
      List.of(CaptionHead.TASK, DetectionHead.TASK, SegmentationHead.TASK);

  public TrainConfig {
    require(backbone, "backbone");
    require(data, "data");
    heads = heads == null ? new Heads(null, null) : heads;
    require(stage1, "stage1");
    require(stage2, "stage2");
    batchSize = orDefault(batchSize, 8);
    accumulateSteps = orDefault(accumulateSteps, 1);
    clipNorm = orDefault(clipNorm, 0.1);
    checkpointEvery = orDefault(checkpointEvery, 500);
    require(output, "output");
    seed = orDefault(seed, 0L);
    device = orDefault(device, "cpu");
    activationRecompute = orDefault(activationRecompute, "auto");
    ActivationRecompute.parse(activationRecompute, "activation_recompute");
    computePrecision = orDefault(computePrecision, "fp32");
    if (ComputePrecision.parse(computePrecision, "compute_precision").reduced()
        && device.trim().equalsIgnoreCase("cpu")) {
      throw new ConfigException(
          "compute_precision = '"
              + computePrecision
              + "' needs \"device\": \"cuda\" (16-bit"
              + " products run on the CUDA provider only; ONNX Runtime's CPU provider has no 16-bit Gemm faster than F32); use"
              + " \"compute_precision\": \"fp32\" on cpu");
    }
    frozenWeights = orDefault(frozenWeights, "fp32");
    FrozenWeights.Precision.parse(frozenWeights, "frozen_weights");
    positive("batch_size", batchSize);
    positive("accumulate_steps", accumulateSteps);
    if (!(clipNorm > 0)) {
      throw new ConfigException(
          "clip_norm = " + clipNorm + " must be positive (the paper uses 0.1)");
    }
    if (checkpointEvery < 0) {
      throw new ConfigException(
          "checkpoint_every = " + checkpointEvery + " must be >= 0 (0 turns checkpoints off)");
    }
    for (String task : heads.tasks()) {
      if (data.images() == null
          || (task.equals(CaptionHead.TASK) ? data.captions() : data.instances()) == null) {
        throw new ConfigException(
            "heads.tasks includes '"
                + task
                + "' but data."
                + (task.equals(CaptionHead.TASK) ? "captions" : "instances")
                + " (or data.images) is not set; add it or drop the task");
      }
      stage1.of(task);
      if (!stage2.ratios().containsKey(task)) {
        throw new ConfigException(
            "stage2.ratios has no ratio for the trained head '"
                + task
                + "'; add one (the paper: "
                + "caption 0.4, segmentation 0.3, detection 0.3) or drop the head from heads.tasks");
      }
    }
  }

  /**
   * @param arch preset name ({@code eva-vit-g-14}, {@code eva-vit-e-14}) or a JSON config file
   * @param weights timm safetensors or PyTorch checkpoint
   * @param allowLavisLayout accept LAVIS's 39-block file without final norm (false)
   */
  public record Backbone(String arch, Path weights, Boolean allowLavisLayout) {
    public Backbone {
      require(arch, "backbone.arch");
      require(weights, "backbone.weights");
      allowLavisLayout = orDefault(allowLavisLayout, false);
    }

    /** Opens the checkpoint as this section describes; close it to release the mapped weights. */
    public EvaWeightsFile open() {
      return EvaWeightsFile.open(
          weights,
          EvaConfig.resolve(arch),
          EvaLoadOptions.defaults().withDepthFromCheckpoint(allowLavisLayout));
    }
  }

  /**
   * @param images folder the annotations' file names are relative to
   * @param instances COCO instances JSON (detection, segmentation)
   * @param captions COCO captions JSON (captioning)
   * @param imageSize side of the square images, a multiple of the patch size (224)
   * @param augment whether detection and segmentation train on the paper's augmentations, scaled to
   *     {@code imageSize} (true)
   * @param keepInMemory whether the splits are decoded once and kept (true), or decoded batch by
   *     batch in the background (for splits that do not fit in memory)
   * @param onBadImage {@code fail} (stop, naming the file and id) or {@code skip} (warn and take
   *     the next image) for an image that cannot be read or decoded ({@code fail})
   */
  public record Data(
      Path images,
      Path instances,
      Path captions,
      Integer imageSize,
      Boolean augment,
      Boolean keepInMemory,
      String onBadImage) {
    public Data {
      imageSize = orDefault(imageSize, 224);
      augment = orDefault(augment, true);
      keepInMemory = orDefault(keepInMemory, true);
      onBadImage = orDefault(onBadImage, "fail");
      badSamplePolicy(onBadImage);
      positive("data.image_size", imageSize);
    }
  }

  /** {@code fail} or {@code skip} as the data layer's policy. */
  static BadSamplePolicy badSamplePolicy(String onBadImage) {
    return switch (onBadImage) {
      case "fail" -> BadSamplePolicy.FAIL;
      case "skip" -> BadSamplePolicy.SKIP;
      default ->
          throw new ConfigException(
              "data.on_bad_image = '" + onBadImage + "': expected \"fail\" or \"skip\"");
    };
  }

  /**
   * @param size {@code visft} (the paper's head sizes) or {@code small} (the demo's)
   * @param tasks the heads to train (all three)
   */
  public record Heads(String size, List<String> tasks) {
    public Heads {
      size = orDefault(size, "visft");
      tasks = List.copyOf(orDefault(tasks, TASKS));
      HeadSizes.parse(size);
      if (tasks.isEmpty()
          || !TASKS.containsAll(tasks)
          || tasks.stream().distinct().count() != tasks.size()) {
        throw new ConfigException(
            "heads.tasks = " + tasks + ": expected distinct names from " + TASKS);
      }
    }
  }

  /**
   * @param steps steps of the run (required)
   * @param learningRate peak rate (caption 4e-4, detection and segmentation 5e-5)
   * @param warmupSteps linear warm-up before the half-cosine decay (2000, capped below {@code
   *     steps})
   */
  public record Stage(Integer steps, Double learningRate, Integer warmupSteps) {
    Stage withDefaultRate(double rate) {
      return new Stage(steps, orDefault(learningRate, rate), orDefault(warmupSteps, 2000));
    }
  }

  /** Stage-1 schedules of the heads that train. */
  public record Stage1(Stage caption, Stage detection, Stage segmentation) {
    /** The schedule of {@code task}, with the paper's rate when none is given. */
    public Stage of(String task) {
      Stage s =
          switch (Task.fromConfigName(task)) {
            case CAPTION -> caption == null ? null : caption.withDefaultRate(4e-4);
            case DETECTION -> detection == null ? null : detection.withDefaultRate(5e-5);
            case SEGMENTATION -> segmentation == null ? null : segmentation.withDefaultRate(5e-5);
          };
      if (s == null || s.steps() == null || s.steps() < 1) {
        throw new ConfigException(
            "stage1."
                + task
                + ".steps is missing or below 1; give the number of stage-1 steps of the "
                + task
                + " head");
      }
      return s;
    }
  }

  /**
   * @param steps LoRA steps (required)
   * @param learningRate peak rate (1e-5)
   * @param warmupSteps warm-up steps (2000, capped below {@code steps})
   * @param ratios task draw ratios (caption 0.4, segmentation 0.3, detection 0.3)
   * @param lora the adapter
   */
  public record Stage2(
      Integer steps,
      Double learningRate,
      Integer warmupSteps,
      Map<String, Double> ratios,
      Lora lora) {
    public Stage2 {
      if (steps == null || steps < 1) {
        throw new ConfigException(
            "stage2.steps is missing or below 1; give the number of LoRA steps");
      }
      learningRate = orDefault(learningRate, 1e-5);
      warmupSteps = orDefault(warmupSteps, 2000);
      ratios =
          Collections.unmodifiableMap(
              new LinkedHashMap<>(orDefault(ratios, TaskSampler.visftRatios())));
      lora = orDefault(lora, new Lora(null, null, null));
      for (Map.Entry<String, Double> e : ratios.entrySet()) {
        if (!TASKS.contains(e.getKey()) || !(e.getValue() > 0)) {
          throw new ConfigException(
              "stage2.ratios."
                  + e.getKey()
                  + " = "
                  + e.getValue()
                  + ": expected a task of "
                  + TASKS
                  + " with a positive ratio");
        }
      }
    }
  }

  /**
   * LoRA on the q and v rows of every block's fused qkv (the paper's placement).
   *
   * @param r rank (64)
   * @param alpha scaling numerator, scaling = alpha / r (1)
   * @param dropout dropout on the adapter's input in training (0)
   */
  public record Lora(Integer r, Double alpha, Double dropout) {
    public Lora {
      r = orDefault(r, 64);
      alpha = orDefault(alpha, 1.0);
      dropout = orDefault(dropout, 0.0);
    }
  }

  private static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static void require(Object value, String field) {
    if (value == null) {
      throw new ConfigException(
          "the required field '" + field + "' is missing; see 'visft train --help' for the format");
    }
  }

  private static void positive(String field, int value) {
    if (value < 1) {
      throw new ConfigException(field + " = " + value + " must be positive");
    }
  }
}
