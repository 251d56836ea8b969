package io.visft.core.train;

import io.visft.api.TaskHead;

/**
 * One head's part of a ViSFT run: its stage-1 training task (the head's parameters trainable, the
 * backbone frozen) and its stage-2 task (the head frozen, the adapter trainable).
 */
public interface HeadTasks {

  /** The head, holding the current values of {@link #headParameters()}. */
  TaskHead head();

  /** The head's trainable parameters (live: updating them updates the head). */
  Parameters headParameters();

  /** Stage 1: gradients for {@link #headParameters()}. */
  TrainingTask stage1();

  /** Stage 2: gradients for the adapter's parameters, through the frozen head. */
  TrainingTask stage2();
}
