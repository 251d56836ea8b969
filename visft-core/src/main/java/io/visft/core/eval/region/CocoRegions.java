package io.visft.core.eval.region;

import io.visft.api.ConfigException;
import io.visft.core.data.coco.CocoCategory;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.coco.InstanceAnnotation;
import io.visft.core.data.geometry.Box;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The regions of a COCO instances file: every non-crowd object with a non-empty box, its box scaled
 * from the image's stored size to the {@code imageSize × imageSize} it is embedded at, its label
 * the position of its category in the file's category list. Stateless.
 */
public final class CocoRegions {
  private CocoRegions() {}

  /**
   * @param images the images in embedding order (region image indices point into this list)
   * @param imageSize side the images are resized to
   * @throws ConfigException if the file has fewer than 2 categories or no usable object
   */
  public static RegionSet of(CocoDataset coco, List<CocoImage> images, int imageSize) {
    List<String> names = new ArrayList<>();
    Map<Long, Integer> labels = new HashMap<>();
    for (CocoCategory c : coco.categories()) {
      labels.put(c.id(), names.size());
      names.add(c.name());
    }
    if (names.size() < 2) {
      throw new ConfigException(
          "instances file "
              + coco.source()
              + " has "
              + names.size()
              + " categories; region identification needs at least 2");
    }
    List<Region> regions = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      CocoImage image = images.get(i);
      double sx = (double) imageSize / image.width();
      double sy = (double) imageSize / image.height();
      for (InstanceAnnotation a : coco.instances(image.id())) {
        Box b = a.bbox();
        if (a.crowd() || b.width() <= 0 || b.height() <= 0) {
          continue;
        }
        regions.add(
            new Region(
                i,
                new Box(b.x0() * sx, b.y0() * sy, b.x1() * sx, b.y1() * sy),
                labels.get(a.categoryId())));
      }
    }
    if (regions.isEmpty()) {
      throw new ConfigException(
          "instances file " + coco.source() + " has no non-crowd object with a non-empty box");
    }
    return new RegionSet(regions, names);
  }
}
