package io.visft.core.data;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.image.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The first {@code perClass} images of every class of another data set, in the source's order (a
 * deterministic subset: no random numbers). Classes with fewer images keep all of theirs.
 *
 * <p>Thread-safe when the source is.
 */
public final class ClassBalancedSubset implements LabeledImages {
  private final LabeledImages source;
  private final int perClass;
  private final int[] indices;

  private ClassBalancedSubset(LabeledImages source, int perClass, int[] indices) {
    this.source = source;
    this.perClass = perClass;
    this.indices = indices;
  }

  /**
   * @param source the full data set
   * @param perClass how many images to keep per class, positive
   */
  public static ClassBalancedSubset of(LabeledImages source, int perClass) {
    checkArgument(perClass > 0, "perClass must be positive, got %s", perClass);
    int[] taken = new int[source.classNames().size()];
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < source.size(); i++) {
      int label = source.label(i);
      if (taken[label] < perClass) {
        taken[label]++;
        kept.add(i);
      }
    }
    return new ClassBalancedSubset(
        source, perClass, kept.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public String id() {
    return source.id() + "#first" + perClass + "perClass";
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public int label(int index) {
    return source.label(indices[index]);
  }

  @Override
  public RgbImage image(int index) {
    return source.image(indices[index]);
  }

  @Override
  public List<String> classNames() {
    return source.classNames();
  }
}
