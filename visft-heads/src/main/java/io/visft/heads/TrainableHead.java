package io.visft.heads;

import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import io.visft.api.TaskHead;
import java.util.Map;

/**
 * A task head whose parameters live in a {@link HeadParameters}, so a training run can share them
 * without copying ({@link HeadParameters#share}).
 */
public interface TrainableHead extends TaskHead {

  /** The head's live parameter set (not a copy: changing it changes the head). */
  HeadParameters parameterSet();

  /** Copies of every parameter by checkpoint name, in the order of the head's parameter spec. */
  @Override
  default Map<String, HostTensor> parameters() {
    return parameterSet().copy();
  }

  /**
   * Replaces every parameter ({@link HeadParameters#load}). F16 and BF16 tensors are widened to
   * F32; values are copied.
   *
   * @param parameters exactly the checkpoint names of {@link #parameters()}
   * @throws ShapeException naming missing or unexpected names, or a tensor of the wrong shape
   * @throws NumericException naming a tensor that holds NaN or infinity
   */
  @Override
  default void load(Map<String, HostTensor> parameters) {
    parameterSet().load(parameters);
  }
}
