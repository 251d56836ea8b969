package io.visft.core.data;

import io.visft.api.ConfigException;
import io.visft.core.data.image.ImageNormalization;

/**
 * How {@link Batcher} reads and groups samples.
 *
 * @param batchSize samples per batch, positive
 * @param workers background decoding threads, 1 to 64
 * @param prefetch samples decoded ahead of the consumer, at least 1: bounds memory to about
 *     {@code prefetch} decoded images besides the batch being built
 * @param seed base seed of the shuffle and of every sample's augmentation
 * @param shuffle whether each epoch visits samples in a seeded random order
 * @param dropLast whether an epoch's last, smaller batch is dropped
 * @param onBadSample what to do with a file that cannot be read or decoded
 * @param normalization per-channel normalisation of the batch images
 * @param padMultiple batch height and width are rounded up to a multiple of this (14 for EVA, 1 for none)
 */
public record BatcherConfig(
    int batchSize,
    int workers,
    int prefetch,
    long seed,
    boolean shuffle,
    boolean dropLast,
    BadSamplePolicy onBadSample,
    ImageNormalization normalization,
    int padMultiple) {

  public BatcherConfig {
    require(batchSize > 0, "batchSize", batchSize, "must be positive", "use for example 8");
    require(workers >= 1 && workers <= 64, "workers", workers, "must be in 1..64", "use the number of free cores, such as 2");
    require(prefetch >= 1, "prefetch", prefetch, "must be at least 1", "use 2 * batchSize");
    require(onBadSample != null, "onBadSample", null, "must be set", "use BadSamplePolicy.FAIL or SKIP");
    require(normalization != null, "normalization", null, "must be set", "use ImageNormalization.imagenet()");
    require(padMultiple >= 1, "padMultiple", padMultiple, "must be at least 1", "use 14 for EVA or 1 for no rounding");
  }

  /**
   * Training defaults: 2 workers, prefetch of two batches, shuffled, last partial batch dropped,
   * bad samples fatal, ImageNet normalisation, sides rounded to EVA's 14-pixel patches.
   */
  public static BatcherConfig training(int batchSize, long seed) {
    return new BatcherConfig(
        batchSize, 2, 2 * batchSize, seed, true, true, BadSamplePolicy.FAIL, ImageNormalization.imagenet(), 14);
  }

  /** A copy with another bad-sample policy. */
  public BatcherConfig withOnBadSample(BadSamplePolicy policy) {
    return new BatcherConfig(batchSize, workers, prefetch, seed, shuffle, dropLast, policy, normalization, padMultiple);
  }

  /** A copy with another number of decoding threads. */
  public BatcherConfig withWorkers(int count) {
    return new BatcherConfig(batchSize, count, prefetch, seed, shuffle, dropLast, onBadSample, normalization, padMultiple);
  }

  private static void require(boolean ok, String field, Object value, String rule, String fix) {
    if (!ok) {
      throw new ConfigException("BatcherConfig." + field + " = " + value + ": " + rule + "; " + fix);
    }
  }
}
