package io.visft.heads.detection;

import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.transform.InstanceTarget;
import io.visft.core.data.transform.PatchPadding;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingTask;
import io.visft.core.vit.AdapterLayer;
import io.visft.heads.BackboneInput;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.HeadTraining;
import io.visft.heads.MatchedStepTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The detection head's two ViSFT stages on an in-memory instances split: stage 1 trains the head on
 * the frozen backbone; stage 2 freezes the head (dropout still active) and trains the adapter that
 * {@code adapterLayer} injects into the backbone. COCO category ids index the head's class slots
 * directly, as in DETR; images are unpadded squares, so the padding mask is all false.
 */
public final class DetectionTasks extends HeadTraining<DetectionHead> {
  private static final String PADDING_MASK = "padding_mask";
  private static final String DROPOUT_SEED = "dropout_seed";

  private final InstanceSet data;
  private final int batchSize;
  private final int maxTargets;
  private final InstanceSet.Augmentation augmentation;
  private final RuntimeOptions runtime;

  /**
   * @param maxTargets target slots per image: the most objects an image of the split has
   * @param augmentation the training augmentation, or null for the resized images
   */
  public DetectionTasks(
      DetectionHead head,
      BackboneInput backbone,
      InstanceSet data,
      int batchSize,
      int maxTargets,
      InstanceSet.Augmentation augmentation,
      Supplier<AdapterLayer> adapterLayer,
      RuntimeOptions runtime) {
    super(head, backbone, adapterLayer);
    long largest =
        data.categoryIds().isEmpty() ? 0 : data.categoryIds().get(data.categoryIds().size() - 1);
    if (largest >= head.config().numClasses()) {
      throw new ConfigException(
          "the detection head has "
              + head.config().numClasses()
              + " class id slots but the split"
              + " has category id "
              + largest
              + "; build the head with numClasses >= "
              + (largest + 1));
    }
    this.data = data;
    this.batchSize = batchSize;
    this.maxTargets = maxTargets;
    this.augmentation = augmentation;
    this.runtime = runtime;
  }

  @Override
  protected TrainingTask task(BackboneInput input, HeadParameterMode mode, DetectionHead head) {
    return new Task(
        DetectionTrainingStep.create(
            head,
            mode,
            maxTargets,
            g -> {
              BackboneInput.Built built =
                  input.build(g, batchSize, data.trainingSize(augmentation));
              return new DetectionTrainingStep.DetectionInputs(
                  built.features(),
                  g.input(PADDING_MASK, DType.BOOL, batchSize, grid(), grid()),
                  g.input(DROPOUT_SEED, DType.I64),
                  built.trainable());
            },
            runtime));
  }

  private int grid() {
    return data.trainingSize(augmentation) / backbone().config().patchSize();
  }

  /** The DETR targets of one image, boxes normalised by its unpadded size. */
  private static ImageTargets targets(List<InstanceTarget> objects, ImageSize size) {
    int[] labels = objects.stream().mapToInt(InstanceTarget::categoryId).toArray();
    double[][] boxes = objects.stream().map(t -> t.box().xyxy()).toArray(double[][]::new);
    return ImageTargets.fromPixelXyxy(size, labels, boxes, OutsideImagePolicy.CLIP);
  }

  /** Runs batches of the split in order. */
  private final class Task extends MatchedStepTask<InstanceSet.Batch, DetectionTrainingStep> {
    Task(DetectionTrainingStep step) {
      super(DetectionHead.TASK, index -> data.trainingBatch(index, batchSize, augmentation), step);
    }

    @Override
    protected double step(Parameters parameters, InstanceSet.Batch batch, long globalStep) {
      Map<String, HostTensor> inputs = new LinkedHashMap<>();
      inputs.put(BackboneInput.PIXELS, batch.images());
      inputs.put(
          PADDING_MASK,
          PatchPadding.downsample(batch.paddingMask(), backbone().config().patchSize()));
      inputs.put(DROPOUT_SEED, dropoutSeed(globalStep));
      List<ImageTargets> targets = new ArrayList<>();
      for (int i = 0; i < batchSize; i++) {
        targets.add(targets(batch.instances().get(i), batch.imageSizes().get(i)));
      }
      return step.step(parameters, inputs, targets);
    }
  }
}
