package io.visft.core.data;

/** What a data set does with a sample whose file cannot be read or decoded. */
public enum BadSamplePolicy {
  /** Log a WARN naming the file and id, leave the sample out, and take the next one. */
  SKIP,
  /** Throw, naming the file and id. */
  FAIL
}
