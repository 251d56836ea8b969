package io.visft.core.data;

import io.visft.core.data.image.RgbImage;
import java.util.List;

/**
 * A classification data set: images with integer labels in {@code [0, classNames().size())}.
 *
 * <p>Implementations decode images on demand; whether they are thread-safe is said by each.
 */
public interface LabeledImages {

  /**
   * A stable identity of the data (source location, split and any subset rule), used to key caches
   * of derived values such as embeddings: equal ids must mean equal images and labels, so files are
   * identified by content (a file rewritten in place under the same name gives a new id).
   */
  String id();

  /** Number of images. */
  int size();

  /** The label of image {@code index}, in {@code [0, classNames().size())}. */
  int label(int index);

  /** Image {@code index} as RGB in [0, 1], at its stored size. */
  RgbImage image(int index);

  /** Class names by label. */
  List<String> classNames();

  /** Every label, in image order (a new array). */
  default int[] labels() {
    int[] labels = new int[size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = label(i);
    }
    return labels;
  }
}
