package io.visft.heads.segmentation;

import com.google.common.base.Preconditions;
import io.visft.api.HostTensor;
import java.util.List;

/**
 * The head's outputs read back to the host for matching and decoding.
 *
 * @param classLogits per prediction set {@code [B, Q, classes + 1]}
 * @param maskLogits per prediction set {@code [B, Q, h, w]}
 */
public record HostPredictions(List<HostTensor> classLogits, List<HostTensor> maskLogits) {

  public HostPredictions {
    classLogits = List.copyOf(classLogits);
    maskLogits = List.copyOf(maskLogits);
    Preconditions.checkArgument(
        !classLogits.isEmpty() && classLogits.size() == maskLogits.size(),
        "need the same positive number of class and mask tensors, got %s and %s",
        classLogits.size(),
        maskLogits.size());
  }

  int sets() {
    return classLogits.size();
  }

  int batch() {
    return (int) maskLogits.get(0).shape()[0];
  }

  int queries() {
    return (int) maskLogits.get(0).shape()[1];
  }

  int height() {
    return (int) maskLogits.get(0).shape()[2];
  }

  int width() {
    return (int) maskLogits.get(0).shape()[3];
  }

  int slots() {
    return (int) classLogits.get(0).shape()[2];
  }
}
