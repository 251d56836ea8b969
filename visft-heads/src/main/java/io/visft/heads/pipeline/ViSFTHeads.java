package io.visft.heads.pipeline;

import io.visft.api.ConfigException;
import io.visft.api.HostTensor;
import io.visft.api.Task;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.image.RgbColor;
import io.visft.core.data.transform.Augmentations;
import io.visft.core.data.transform.DetrAugmentConfig;
import io.visft.core.data.transform.LargeScaleJitter;
import io.visft.core.data.transform.PatchSnap;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.HeadTasks;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.AdapterLayer;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.heads.BackboneInput;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.caption.CaptionTasks;
import io.visft.heads.caption.Vocabulary;
import io.visft.heads.detection.DetectionHead;
import io.visft.heads.detection.DetectionTasks;
import io.visft.heads.segmentation.SegmentationHead;
import io.visft.heads.segmentation.SegmentationTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The heads of a run with their stage-1/stage-2 tasks on the training splits; a head the run does
 * not train is null. Stage 2 injects the adapter layers {@link Builder#adapter} makes (one per
 * graph; LoRA in a ViSFT run). Built by {@link #builder()}:
 *
 * <pre>{@code
 * ViSFTHeads heads = ViSFTHeads.builder().backbone(config, weights).instances(instances)
 *     .tasks(List.of(Task.DETECTION)).adapter(() -> new LoraLinearLayer(lora, null)).build();
 * }</pre>
 */
public record ViSFTHeads(
    CaptionTasks captions, DetectionTasks detection, SegmentationTasks segmentation) {

  /**
   * A builder with the paper's defaults; {@link Builder#backbone} and {@link Builder#adapter} are
   * required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Collects the settings of fresh heads; {@link #build()} checks them. Defaults: the tasks the
   * data given allows (caption with {@link #captions}, detection and segmentation with {@link
   * #instances}), {@link HeadSizes#VISFT}, batch 2, no augmentation, seed 0, the CPU, {@link
   * ActivationRecompute#AUTO}. Not thread-safe.
   */
  public static final class Builder {
    // Package-private: ViSFT.Builder keeps its head settings here and reads them in its build().
    EvaConfig backbone;
    private Map<String, HostTensor> weights;
    ImageCaptionSet captions;
    InstanceSet instances;
    private List<Task> tasks;
    private Supplier<AdapterLayer> adapter;
    private HeadSizes sizes = HeadSizes.VISFT;
    int batchSize = 2;
    private boolean augment;
    long seed;
    RuntimeOptions runtime = RuntimeOptions.cpu();
    private ActivationRecompute recompute = ActivationRecompute.AUTO;

    private Builder() {}

    /** The frozen backbone: its config and weights (EVA names, {@code [out, in]} linears). */
    public Builder backbone(EvaConfig config, Map<String, HostTensor> weights) {
      this.backbone = Objects.requireNonNull(config, "config");
      this.weights = Objects.requireNonNull(weights, "weights");
      return this;
    }

    /**
     * The image-caption pairs the captioning head trains on, its vocabulary built from them
     * (minimum count 5); null for none (the default).
     */
    public Builder captions(ImageCaptionSet captions) {
      this.captions = captions;
      return this;
    }

    /**
     * The instances the detection and segmentation heads train on; detection uses the category ids
     * as class slots, segmentation their ranks; null for none (the default).
     */
    public Builder instances(InstanceSet instances) {
      this.instances = instances;
      return this;
    }

    /** Only these heads (default: every head the data given allows); each needs its data. */
    public Builder tasks(List<Task> tasks) {
      this.tasks = List.copyOf(tasks);
      return this;
    }

    /** Makes the adapter layer of one stage-2 graph (LoRA in a ViSFT run). */
    public Builder adapter(Supplier<AdapterLayer> adapter) {
      this.adapter = Objects.requireNonNull(adapter, "adapter");
      return this;
    }

    /** The head sizes (default {@link HeadSizes#VISFT}). */
    public Builder headSizes(HeadSizes sizes) {
      this.sizes = Objects.requireNonNull(sizes, "sizes");
      return this;
    }

    /** Images per step (default 2). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Whether detection and segmentation train on the paper's augmentations scaled to the split's
     * image size ({@link #detectionAugmentation}, {@link #segmentationAugmentation}; default
     * false). Captioning always uses the fixed resize, which is the paper's.
     */
    public Builder augment(boolean augment) {
      this.augment = augment;
      return this;
    }

    /** Seeds the heads' initialisation and the augmentations (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Where the graphs run (default {@link RuntimeOptions#cpu()}). */
    public Builder runtime(RuntimeOptions runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
      return this;
    }

    /**
     * Whether stage 2's backbone blocks keep their activations for the backward pass or recompute
     * them there (default {@link ActivationRecompute#AUTO}).
     */
    public Builder recompute(ActivationRecompute recompute) {
      this.recompute = Objects.requireNonNull(recompute, "recompute");
      return this;
    }

    /**
     * Fresh heads with their tasks.
     *
     * @throws ConfigException naming the missing setting, or a task whose data was not given
     */
    public ViSFTHeads build() {
      if (backbone == null) {
        throw new ConfigException(
            "ViSFTHeads.builder(): no backbone; call backbone(config, weights)");
      }
      if (adapter == null) {
        throw new ConfigException(
            "ViSFTHeads.builder(): no stage-2 adapter; call adapter(() -> layer)");
      }
      if (batchSize < 1) {
        throw new ConfigException(
            "ViSFTHeads.builder(): batchSize = " + batchSize + ", expected at least 1");
      }
      List<Task> run =
          tasks != null
              ? tasks
              : Stream.of(Task.values())
                  .filter(t -> t == Task.CAPTION ? captions != null : instances != null)
                  .toList();
      for (Task t : run) {
        if (t == Task.CAPTION ? captions == null : instances == null) {
          throw new ConfigException(
              String.format(
                  "ViSFTHeads.builder(): task %s has no data; call %s",
                  t, t == Task.CAPTION ? "captions(...)" : "instances(...)"));
        }
      }
      BackboneInput input =
          new BackboneInput(
              backbone,
              EvaBackbone.frozenWeights(weights, runtime.frozenWeights()),
              null,
              recompute,
              runtime.computePrecision());
      int width = backbone.embedDim();
      CaptionTasks caption = null;
      if (run.contains(Task.CAPTION)) {
        List<String> corpus = new ArrayList<>();
        captions.captions().forEach(corpus::addAll);
        Vocabulary vocab = Vocabulary.visft(corpus);
        CaptionHead head =
            CaptionHead.initialize(
                sizes.caption(width, vocab.size(), captions.imageSize() / backbone.patchSize()),
                vocab,
                seed);
        caption = new CaptionTasks(head, input, captions, batchSize, adapter, runtime);
      }
      DetectionTasks detection = null;
      SegmentationTasks segmentation = null;
      if (run.contains(Task.DETECTION) || run.contains(Task.SEGMENTATION)) {
        List<Long> ids = instances.categoryIds();
        int maxObjects = Math.max(1, instances.maxObjects());
        if (run.contains(Task.DETECTION)) {
          DetectionHead head =
              DetectionHead.initialize(
                  sizes.detection(width, Math.toIntExact(ids.get(ids.size() - 1)) + 1), seed);
          detection =
              new DetectionTasks(
                  head,
                  input,
                  instances,
                  batchSize,
                  maxObjects,
                  augment
                      ? detectionAugmentation(instances.imageSize(), backbone.patchSize(), seed)
                      : null,
                  adapter,
                  runtime);
        }
        if (run.contains(Task.SEGMENTATION)) {
          SegmentationHead head =
              SegmentationHead.initialize(sizes.segmentation(width, ids.size()), seed);
          segmentation =
              new SegmentationTasks(
                  head,
                  sizes.segmentationLoss(maxObjects),
                  input,
                  instances,
                  batchSize,
                  augment
                      ? segmentationAugmentation(instances.imageSize(), backbone.patchSize(), seed)
                      : null,
                  adapter,
                  seed,
                  runtime);
        }
      }
      return new ViSFTHeads(caption, detection, segmentation);
    }
  }

  /**
   * DETR's training augmentation (flip, multi-scale resize or resize-crop-resize) with every size
   * scaled so the long side is at most {@code size}, snapped to the patch; samples are padded to a
   * {@code size × size} canvas with a padding mask.
   */
  public static InstanceSet.Augmentation detectionAugmentation(int size, int patch, long seed) {
    return new InstanceSet.Augmentation(
        Augmentations.detectionTrain(
            DetrAugmentConfig.visft().scaledTo(size),
            new PatchSnap(patch, RgbColor.meanOf(ImageNormalization.imagenet()))),
        size,
        seed);
  }

  /**
   * Mask2Former's training augmentation (flip, large-scale jitter 0.1–2.0, crop) to {@code size ×
   * size}.
   */
  public static InstanceSet.Augmentation segmentationAugmentation(int size, int patch, long seed) {
    return new InstanceSet.Augmentation(
        Augmentations.segmentationTrain(
            new LargeScaleJitter(size, 0.1, 2.0, RgbColor.grey(128 / 255f)),
            new PatchSnap(patch, RgbColor.meanOf(ImageNormalization.imagenet()))),
        size,
        seed + 1);
  }

  /** The heads that train, in stage-1 order (caption, detection, segmentation). */
  public List<HeadTasks> all() {
    return Stream.of(captions, detection, segmentation)
        .filter(Objects::nonNull)
        .map(h -> (HeadTasks) h)
        .toList();
  }
}
