package io.visft.heads.caption;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.IndexedBatchTask;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.core.train.TrainingTask;
import io.visft.core.vit.AdapterLayer;
import io.visft.heads.BackboneInput;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.HeadTraining;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The captioning head's two ViSFT stages on an in-memory caption split: stage 1 trains the head on
 * the frozen backbone; stage 2 freezes the head (dropout still active) and trains the adapter that
 * {@code adapterLayer} injects into the backbone.
 */
public final class CaptionTasks extends HeadTraining<CaptionHead> {
  private final ImageCaptionSet data;
  private final int batchSize;
  private final RuntimeOptions runtime;

  public CaptionTasks(
      CaptionHead head,
      BackboneInput backbone,
      ImageCaptionSet data,
      int batchSize,
      Supplier<AdapterLayer> adapterLayer,
      RuntimeOptions runtime) {
    super(head, backbone, adapterLayer);
    this.data = data;
    this.batchSize = batchSize;
    this.runtime = runtime;
  }

  @Override
  protected TrainingTask task(BackboneInput input, HeadParameterMode mode, CaptionHead head) {
    int width = head.config().tokenWidth();
    Graph g = new Graph();
    BackboneInput.Built features = input.build(g, batchSize, data.imageSize());
    Value tokens = g.input("tokens", DType.I64, batchSize, width);
    Value lengths = g.input("lengths", DType.I64, batchSize);
    Value seed = g.input("dropout_seed", DType.I64);
    CaptionTrainingGraph graph =
        CaptionTrainingGraph.build(g, head, features.features(), tokens, lengths, seed, mode);
    Map<String, Value> trainable =
        mode == HeadParameterMode.TRAINABLE_INPUTS ? graph.parameterInputs() : features.trainable();
    TrainingSession session =
        TrainingSession.create(graph.loss(), trainable, graph.metrics(), runtime);
    return new Task(session);
  }

  /** Runs batches of the split in order. */
  private final class Task extends IndexedBatchTask<ImageCaptionSet.Batch> {
    private final TrainingSession session;

    Task(TrainingSession session) {
      super(CaptionHead.TASK, index -> data.batch(index, batchSize));
      this.session = session;
    }

    @Override
    protected double step(Parameters parameters, ImageCaptionSet.Batch batch, long globalStep) {
      CaptionBatch captions =
          CaptionBatch.encode(trainedHead(), LengthPolicy.TRUNCATE, batch.captions());
      Map<String, HostTensor> inputs = new LinkedHashMap<>();
      inputs.put(BackboneInput.PIXELS, batch.images());
      inputs.put("tokens", captions.tokens());
      inputs.put("lengths", captions.lengths());
      inputs.put("dropout_seed", dropoutSeed(globalStep));
      return session.step(parameters, inputs);
    }

    @Override
    public Map<String, float[]> gradients() {
      return session.gradients();
    }

    @Override
    protected void release() {
      session.close();
    }
  }
}
