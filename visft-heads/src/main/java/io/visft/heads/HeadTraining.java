package io.visft.heads;

import io.visft.api.TaskHead;
import io.visft.core.train.HeadTasks;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingTask;
import io.visft.core.vit.AdapterLayer;
import java.util.function.Supplier;

/**
 * What the heads' {@link HeadTasks} share: the head and its live trainable parameters (the head's
 * own arrays, {@link HeadParameters#share}), and the two stages as one task builder. Stage 1 trains
 * the parameters on the frozen backbone; stage 2 freezes the values stage 1 reached and trains the
 * adapter that {@code adapter} injects into the backbone.
 *
 * @param <H> the head type
 */
public abstract class HeadTraining<H extends TrainableHead> implements HeadTasks {
  private final H head;
  private final BackboneInput backbone;
  private final Supplier<AdapterLayer> adapter;
  private final Parameters headParameters = new Parameters();

  /**
   * @param backbone the frozen backbone in front of the head (without an adapter)
   * @param adapter makes the adapter layer of one stage-2 graph
   */
  protected HeadTraining(H head, BackboneInput backbone, Supplier<AdapterLayer> adapter) {
    this.head = head;
    this.backbone = backbone;
    this.adapter = adapter;
    head.parameterSet().share(headParameters);
  }

  /**
   * The head's training task on {@code input}: with {@link HeadParameterMode#TRAINABLE_INPUTS} the
   * head's parameters train; with {@link HeadParameterMode#FROZEN_WEIGHTS} they are {@code head}'s
   * values and the input's adapter trains.
   */
  protected abstract TrainingTask task(BackboneInput input, HeadParameterMode mode, H head);

  @Override
  public final TrainingTask stage1() {
    return task(backbone, HeadParameterMode.TRAINABLE_INPUTS, head);
  }

  @Override
  public final TrainingTask stage2() {
    return task(backbone.withAdapter(adapter), HeadParameterMode.FROZEN_WEIGHTS, head);
  }

  /** The backbone in front of the head (stage 1's input). */
  protected final BackboneInput backbone() {
    return backbone;
  }

  @Override
  public final TaskHead head() {
    return head;
  }

  /**
   * The head; it holds the current (trained) parameter values because {@link #headParameters}
   * shares its live arrays, so nothing is copied.
   */
  public final H trainedHead() {
    return head;
  }

  @Override
  public final Parameters headParameters() {
    return headParameters;
  }
}
