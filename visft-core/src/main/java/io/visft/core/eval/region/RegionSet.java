package io.visft.core.eval.region;

import java.util.List;

/**
 * The regions of a data set with their class names.
 *
 * @param regions every region, in image order
 * @param classNames class names by label
 */
public record RegionSet(List<Region> regions, List<String> classNames) {

  public RegionSet {
    regions = List.copyOf(regions);
    classNames = List.copyOf(classNames);
  }

  /** The label of every region, {@code [R]}. */
  public int[] labels() {
    return regions.stream().mapToInt(Region::label).toArray();
  }

  /** The image of every region, {@code [R]}. */
  public int[] images() {
    return regions.stream().mapToInt(Region::image).toArray();
  }
}
