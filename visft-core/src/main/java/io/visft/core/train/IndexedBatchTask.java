package io.visft.core.train;

import io.visft.api.HostTensor;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A {@link TrainingTask} over a data set whose batches are a function of their index (such as
 * {@link io.visft.core.data.ImageCaptionSet} and {@link io.visft.core.data.InstanceSet}): it runs
 * batch 0, 1, 2, … and its data position is the next batch index, so a resumed run sees the same
 * batches as an uninterrupted one. The next batch is loaded on a background thread while the
 * current step runs ({@link Prefetcher}).
 *
 * @param <B> the batch type
 */
public abstract class IndexedBatchTask<B> implements TrainingTask {
  private static final String NEXT_BATCH = "next_batch";

  private final String name;
  private final Prefetcher<B> batches;
  private long next;

  /**
   * @param load batch {@code i} of the data set; called on a background thread
   */
  protected IndexedBatchTask(String name, LongFunction<B> load) {
    this.name = name;
    this.batches = new Prefetcher<>(name, load);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final double step(Parameters parameters, long globalStep) {
    return step(parameters, batches.get(next++), globalStep);
  }

  /** Runs one step on {@code batch}; {@code globalStep} seeds the step's dropout. */
  protected abstract double step(Parameters parameters, B batch, long globalStep);

  /** Frees the task's sessions. */
  protected abstract void release();

  @Override
  public final void close() {
    try {
      release();
    } finally {
      batches.close();
    }
  }

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
