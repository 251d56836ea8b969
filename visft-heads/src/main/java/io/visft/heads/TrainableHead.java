package io.visft.heads;

import io.visft.api.TaskHead;

/**
 * A task head whose parameters live in a {@link HeadParameters}, so a training run can share them
 * without copying ({@link HeadParameters#share}).
 */
public interface TrainableHead extends TaskHead {

  /** The head's live parameter set (not a copy: changing it changes the head). */
  HeadParameters parameterSet();
}
