package io.visft.heads.segmentation;

import io.visft.api.ConfigException;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.transform.InstanceTarget;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingTask;
import io.visft.core.vit.AdapterLayer;
import io.visft.heads.BackboneInput;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.HeadTraining;
import io.visft.heads.MatchedStepTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The segmentation head's two ViSFT stages on an in-memory instances split: stage 1 trains the head
 * on the frozen backbone; stage 2 freezes the head and trains the adapter that {@code adapterLayer}
 * injects into the backbone. Class {@code k} of the head is the split's {@code k}-th category id in
 * increasing order; an image keeps at most {@code maxInstances} objects (the largest first).
 */
public final class SegmentationTasks extends HeadTraining<SegmentationHead> {
  private final SegmentationLossConfig loss;
  private final InstanceSet data;
  private final int batchSize;
  private final long seed;
  private final InstanceSet.Augmentation augmentation;
  private final RuntimeOptions runtime;

  /**
   * @param augmentation the training augmentation, or null for the resized images
   */
  public SegmentationTasks(
      SegmentationHead head,
      SegmentationLossConfig loss,
      BackboneInput backbone,
      InstanceSet data,
      int batchSize,
      InstanceSet.Augmentation augmentation,
      Supplier<AdapterLayer> adapterLayer,
      long seed,
      RuntimeOptions runtime) {
    super(head, backbone, adapterLayer);
    if (data.categoryIds().size() > head.config().classes()) {
      throw new ConfigException(
          "the segmentation head has "
              + head.config().classes()
              + " classes but the split has "
              + data.categoryIds().size()
              + " categories; build the head with classes >= "
              + data.categoryIds().size());
    }
    this.loss = loss;
    this.data = data;
    this.batchSize = batchSize;
    this.seed = seed;
    this.augmentation = augmentation;
    this.runtime = runtime;
  }

  @Override
  protected TrainingTask task(BackboneInput input, HeadParameterMode mode, SegmentationHead head) {
    return new Task(
        SegmentationTrainingStep.create(
            head,
            mode,
            loss,
            batchSize,
            g -> {
              BackboneInput.Built built =
                  input.build(g, batchSize, data.trainingSize(augmentation));
              return new SegmentationTrainingStep.SegmentationInputs(
                  built.features(), built.trainable());
            },
            seed,
            runtime));
  }

  /**
   * The head's targets of one image: contiguous labels, at most {@code maxInstances}, largest
   * first.
   */
  private List<InstanceMask> masks(List<InstanceTarget> objects) {
    List<Long> ids = data.categoryIds();
    List<InstanceMask> out = new ArrayList<>();
    objects.stream()
        .filter(t -> t.mask() != null && !t.mask().isEmpty())
        .sorted((a, b) -> Integer.compare(b.mask().count(), a.mask().count()))
        .limit(loss.maxInstances())
        .forEach(t -> out.add(new InstanceMask(ids.indexOf((long) t.categoryId()), t.mask())));
    return out;
  }

  /** Runs batches of the split in order. */
  private final class Task extends MatchedStepTask<InstanceSet.Batch, SegmentationTrainingStep> {
    Task(SegmentationTrainingStep step) {
      super(
          trainedHead().task(), index -> data.trainingBatch(index, batchSize, augmentation), step);
    }

    @Override
    protected double step(Parameters parameters, InstanceSet.Batch batch, long globalStep) {
      List<List<InstanceMask>> targets =
          batch.instances().stream().map(SegmentationTasks.this::masks).toList();
      return step.step(
          parameters, Map.of(BackboneInput.PIXELS, batch.images()), targets, globalStep);
    }
  }
}
