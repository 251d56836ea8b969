package io.visft.heads.pipeline;

import io.visft.api.HostTensor;
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
 * not train is null. Stage 2 injects the adapter layers {@code adapter} makes (one per graph; LoRA
 * in a ViSFT run).
 */
public record ViSFTHeads(CaptionTasks captions, DetectionTasks detection, SegmentationTasks segmentation) {

  /**
   * Fresh heads of {@code sizes} for the splits given (a null split leaves its heads out). The
   * vocabulary is built from the training captions (minimum count 5); detection uses the category
   * ids as class slots, segmentation their ranks. With {@code augment}, detection and segmentation
   * train on the paper's augmentations scaled to the split's image size ({@link #augmentations});
   * captioning always uses the fixed resize, which is the paper's.
   */
  public static ViSFTHeads create(HeadSizes sizes, EvaConfig backbone, Map<String, HostTensor> weights,
      ImageCaptionSet captionSet, InstanceSet instances, List<String> tasks, Supplier<AdapterLayer> adapter, int batchSize,
      boolean augment, long seed, RuntimeOptions rt) {
    return create(sizes, backbone, weights, captionSet, instances, tasks, adapter, batchSize, augment, seed, rt,
        ActivationRecompute.AUTO);
  }

  /**
   * As {@link #create(HeadSizes, EvaConfig, Map, ImageCaptionSet, InstanceSet, List, Supplier, int, boolean, long,
   * RuntimeOptions)}, with {@code recompute} saying whether stage 2's backbone blocks keep their
   * activations for the backward pass or recompute them there.
   */
  public static ViSFTHeads create(HeadSizes sizes, EvaConfig backbone, Map<String, HostTensor> weights,
      ImageCaptionSet captionSet, InstanceSet instances, List<String> tasks, Supplier<AdapterLayer> adapter, int batchSize,
      boolean augment, long seed, RuntimeOptions rt, ActivationRecompute recompute) {
    BackboneInput input = new BackboneInput(backbone, EvaBackbone.frozenWeights(weights, rt.frozenWeights()), null,
        recompute, rt.computePrecision());
    int width = backbone.embedDim();
    CaptionTasks caption = null;
    if (tasks.contains(CaptionHead.TASK)) {
      List<String> corpus = new ArrayList<>();
      captionSet.captions().forEach(corpus::addAll);
      Vocabulary vocab = Vocabulary.visft(corpus);
      CaptionHead head = CaptionHead.initialize(sizes.caption(width, vocab.size(), captionSet.imageSize() / backbone.patchSize()),
          vocab, seed);
      caption = new CaptionTasks(head, input, captionSet, batchSize, adapter, rt);
    }
    DetectionTasks detection = null;
    SegmentationTasks segmentation = null;
    if (tasks.contains(DetectionHead.TASK) || tasks.contains(SegmentationHead.TASK)) {
      List<Long> ids = instances.categoryIds();
      int maxObjects = Math.max(1, instances.maxObjects());
      if (tasks.contains(DetectionHead.TASK)) {
        DetectionHead head = DetectionHead.initialize(sizes.detection(width, Math.toIntExact(ids.get(ids.size() - 1)) + 1), seed);
        detection = new DetectionTasks(head, input, instances, batchSize, maxObjects,
            augment ? detectionAugmentation(instances.imageSize(), backbone.patchSize(), seed) : null, adapter, rt);
      }
      if (tasks.contains(SegmentationHead.TASK)) {
        SegmentationHead head = SegmentationHead.initialize(sizes.segmentation(width, ids.size()), seed);
        segmentation = new SegmentationTasks(head, sizes.segmentationLoss(maxObjects), input, instances, batchSize,
            augment ? segmentationAugmentation(instances.imageSize(), backbone.patchSize(), seed) : null, adapter, seed, rt);
      }
    }
    return new ViSFTHeads(caption, detection, segmentation);
  }

  /**
   * DETR's training augmentation (flip, multi-scale resize or resize-crop-resize) with every size
   * scaled so the long side is at most {@code size}, snapped to the patch; samples are padded to a
   * {@code size × size} canvas with a padding mask.
   */
  public static InstanceSet.Augmentation detectionAugmentation(int size, int patch, long seed) {
    return new InstanceSet.Augmentation(Augmentations.detectionTrain(DetrAugmentConfig.visft().scaledTo(size),
        new PatchSnap(patch, RgbColor.meanOf(ImageNormalization.imagenet()))), size, seed);
  }

  /** Mask2Former's training augmentation (flip, large-scale jitter 0.1–2.0, crop) to {@code size × size}. */
  public static InstanceSet.Augmentation segmentationAugmentation(int size, int patch, long seed) {
    return new InstanceSet.Augmentation(Augmentations.segmentationTrain(
        new LargeScaleJitter(size, 0.1, 2.0, RgbColor.grey(128 / 255f)),
        new PatchSnap(patch, RgbColor.meanOf(ImageNormalization.imagenet()))), size, seed + 1);
  }

  /** The heads that train, in stage-1 order (caption, detection, segmentation). */
  public List<HeadTasks> all() {
    return Stream.of(captions, detection, segmentation).filter(Objects::nonNull).map(h -> (HeadTasks) h).toList();
  }
}
