package io.visft.core.data;

/** What the batcher does with a sample whose file cannot be read or decoded. */
public enum BadSamplePolicy {
  /** Log a WARN naming the file and id, count it ({@link Batcher#skippedSamples()}), and take the next sample. */
  SKIP,
  /** Throw, naming the file and id; the batcher cannot be used afterwards. */
  FAIL
}
