package io.visft.core.data.coco;

import java.util.Objects;

/**
 * A category entry of a COCO file.
 *
 * @param id the category id annotations refer to (COCO's 80 categories use ids 1..90)
 * @param name human-readable name, e.g. {@code "person"}
 * @param supercategory grouping name, empty when the file gives none
 */
public record CocoCategory(long id, String name, String supercategory) {

  /** Checks that the names are present. */
  public CocoCategory {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(supercategory, "supercategory");
  }
}
