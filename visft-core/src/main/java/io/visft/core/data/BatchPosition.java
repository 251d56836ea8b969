package io.visft.core.data;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A place in the endless stream of samples: sample {@code index} of the shuffled order of
 * {@code epoch}. Store it in a checkpoint to resume exactly where training stopped.
 *
 * @param epoch 0-based epoch
 * @param index 0-based position in that epoch's order, below the data set size
 */
public record BatchPosition(int epoch, int index) {

  /** The very beginning. */
  public static final BatchPosition START = new BatchPosition(0, 0);

  public BatchPosition {
    checkArgument(epoch >= 0 && index >= 0, "batch position needs epoch >= 0 and index >= 0, got (%s, %s)", epoch, index);
  }

  /** The position after this one in a data set of {@code size} samples, rolling into the next epoch. */
  BatchPosition advance(int size) {
    return index + 1 >= size ? new BatchPosition(epoch + 1, 0) : new BatchPosition(epoch, index + 1);
  }
}
