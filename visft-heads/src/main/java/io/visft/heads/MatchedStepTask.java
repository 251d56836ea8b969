package io.visft.heads;

import io.visft.core.train.IndexedBatchTask;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A training task over indexed batches that runs one {@link MatchedTrainingStep}: its gradients are
 * the step's, and closing the task closes the step.
 *
 * @param <B> the batch type
 * @param <S> the step type
 */
public abstract class MatchedStepTask<B, S extends MatchedTrainingStep>
    extends IndexedBatchTask<B> {
  /** The step this task runs; the task owns it. */
  protected final S step;

  /**
   * @param load batch {@code i} of the data set; called on a background thread
   */
  protected MatchedStepTask(String name, LongFunction<B> load, S step) {
    super(name, load);
    this.step = step;
  }

  @Override
  public final Map<String, float[]> gradients() {
    return step.gradients();
  }

  @Override
  protected final void release() {
    step.close();
  }
}
