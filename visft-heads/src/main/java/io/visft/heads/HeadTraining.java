package io.visft.heads;

import io.visft.api.TaskHead;
import io.visft.core.train.HeadTasks;
import io.visft.core.train.Parameters;

/**
 * What the heads' {@link HeadTasks} share: the head and its live trainable parameters. Training
 * updates the parameters; {@link #trainedHead()} loads them into the head, so stage 2 freezes the
 * values stage 1 reached.
 *
 * @param <H> the head type
 */
public abstract class HeadTraining<H extends TaskHead> implements HeadTasks {
  private final H head;
  private final Parameters headParameters = new Parameters();

  protected HeadTraining(H head) {
    this.head = head;
    head.parameters().forEach(headParameters::add);
  }

  @Override
  public final TaskHead head() {
    return trainedHead();
  }

  /**
   * The head as a definition (config, parameter names, vocabulary) without loading the current
   * values into it; cheap, for per-step use.
   */
  protected final H definition() {
    return head;
  }

  /** The head holding the current (trained) parameter values. */
  public final H trainedHead() {
    head.load(headParameters.toTensors());
    return head;
  }

  @Override
  public final Parameters headParameters() {
    return headParameters;
  }
}
