package io.visft.core.eval.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.core.data.coco.CocoCategory;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.coco.InstanceAnnotation;
import io.visft.core.data.geometry.Box;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Regions from COCO instances: boxes scaled to the embedded size, categories as labels, crowds
 * skipped.
 */
class CocoRegionsTest {
  private static final List<CocoImage> IMAGES =
      List.of(new CocoImage(7, "a.png", 200, 100), new CocoImage(9, "b.png", 50, 50));
  private static final List<CocoCategory> CATEGORIES =
      List.of(new CocoCategory(3, "cat", "animal"), new CocoCategory(1, "dog", "animal"));

  private static InstanceAnnotation box(
      long id, long image, long category, double x, double y, double w, double h, boolean crowd) {
    return new InstanceAnnotation(
        id, image, category, Box.fromXywh(x, y, w, h), w * h, crowd, Optional.empty());
  }

  @Test
  void scalesBoxesAndLabelsByCategoryOrder() {
    CocoDataset coco =
        CocoDataset.of(
            IMAGES,
            CATEGORIES,
            List.of(
                box(1, 7, 1, 20, 10, 100, 50, false),
                box(2, 7, 3, 0, 0, 10, 10, true),
                box(3, 9, 3, 5, 5, 25, 20, false)),
            List.of());
    RegionSet set = CocoRegions.of(coco, List.of(IMAGES.get(1), IMAGES.get(0)), 100);
    assertEquals(List.of("cat", "dog"), set.classNames());
    assertEquals(
        List.of(
            new Region(0, new Box(10, 10, 60, 50), 0), new Region(1, new Box(10, 10, 60, 60), 1)),
        set.regions());
  }

  @Test
  void needsTwoCategoriesAndAnObject() {
    CocoDataset one = CocoDataset.of(IMAGES, CATEGORIES.subList(0, 1), List.of(), List.of());
    assertTrue(
        assertThrows(ConfigException.class, () -> CocoRegions.of(one, IMAGES, 64))
            .getMessage()
            .contains("1 categories"));
    CocoDataset crowdOnly =
        CocoDataset.of(IMAGES, CATEGORIES, List.of(box(1, 7, 1, 0, 0, 5, 5, true)), List.of());
    assertTrue(
        assertThrows(ConfigException.class, () -> CocoRegions.of(crowdOnly, IMAGES, 64))
            .getMessage()
            .contains("no non-crowd object"));
  }
}
