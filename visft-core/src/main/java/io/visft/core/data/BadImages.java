package io.visft.core.data;

import io.visft.api.FileFormatException;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link BadSamplePolicy} to index-addressed data sets: with {@code SKIP}, an image that
 * cannot be read or decoded (or whose annotation is malformed) is replaced by the next one that
 * can, with a WARN naming the file and id — deterministic, since it depends on the files only; with
 * {@code FAIL}, the error propagates.
 */
final class BadImages {
  private static final Logger LOG = LoggerFactory.getLogger(BadImages.class);

  private BadImages() {}

  /**
   * A decoded item and the index it really came from.
   *
   * @param index the item's index (the asked one, or its replacement under {@code SKIP})
   */
  record Decoded<T>(int index, T value) {}

  /**
   * @param decode reads item {@code i}; throws {@link FileFormatException} naming the file and id
   * @return item {@code index}, or under {@code SKIP} the first of {@code index + 1, …} (wrapping
   *     around) that decodes
   */
  static <T> Decoded<T> decode(
      int index, int count, BadSamplePolicy policy, IntFunction<T> decode) {
    FileFormatException first = null;
    for (int k = 0; k < count; k++) {
      int i = (index + k) % count;
      try {
        return new Decoded<>(i, decode.apply(i));
      } catch (FileFormatException e) {
        if (policy == BadSamplePolicy.FAIL) {
          throw e;
        }
        LOG.warn("skipping a bad sample: {}", e.getMessage());
        first = first == null ? e : first;
      }
    }
    throw new FileFormatException(
        "no sample of the split could be read; the first error was: " + first.getMessage(), first);
  }
}
