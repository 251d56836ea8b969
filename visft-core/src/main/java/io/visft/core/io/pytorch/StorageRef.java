package io.visft.core.io.pytorch;

import io.visft.api.DType;

/**
 * A typed storage named by a pickle's persistent id {@code ('storage', type, key, location,
 * numel)}; its bytes are the archive record {@code <archive>/data/<key>}.
 *
 * @param key the record name under {@code <archive>/data/}
 * @param dtype element type given by the storage type, such as {@code torch.HalfStorage}
 * @param numel number of elements the pickle declares
 * @param location the device the tensor was saved from, such as {@code cpu} or {@code cuda:0}
 */
record StorageRef(String key, DType dtype, long numel, String location) {

  /** Bytes the storage needs, {@code numel * dtype.byteSize()}. */
  long byteSize() {
    return Math.multiplyExact(numel, (long) dtype.byteSize());
  }
}
