package io.visft.core.train;

import io.visft.api.HostTensor;
import java.util.Map;

/**
 * A {@link TrainingTask} over a data set whose batches are a function of their index (such as
 * {@link io.visft.core.data.ImageCaptionSet} and {@link io.visft.core.data.InstanceSet}): it runs
 * batch 0, 1, 2, … and its data position is the next batch index, so a resumed run sees the same
 * batches as an uninterrupted one.
 */
public abstract class IndexedBatchTask implements TrainingTask {
  private static final String NEXT_BATCH = "next_batch";

  private final String name;
  private long next;

  protected IndexedBatchTask(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final double step(Parameters parameters, long globalStep) {
    return step(parameters, next++, globalStep);
  }

  /** Runs batch {@code batchIndex}; {@code globalStep} seeds the step's dropout. */
  protected abstract double step(Parameters parameters, long batchIndex, long globalStep);

  @Override
  public final Map<String, Long> dataPosition() {
    return Map.of(NEXT_BATCH, next);
  }

  @Override
  public final void seek(Map<String, Long> position) {
    next = position.getOrDefault(NEXT_BATCH, 0L);
  }

  /** The I64 scalar that seeds the dropout masks of global step {@code globalStep}. */
  protected static HostTensor dropoutSeed(long globalStep) {
    return HostTensor.ofLongs(new long[] {globalStep * 7919 + 17});
  }
}
