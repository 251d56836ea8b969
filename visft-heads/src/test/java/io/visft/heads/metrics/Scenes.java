package io.visft.heads.metrics;

import io.visft.core.data.coco.CocoCategory;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoDetection;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.coco.InstanceAnnotation;
import io.visft.core.data.geometry.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds small ground-truth scenes in code for evaluator tests. */
final class Scenes {
  private final List<CocoImage> images = new ArrayList<>();
  private final List<CocoCategory> categories = new ArrayList<>();
  private final List<InstanceAnnotation> instances = new ArrayList<>();

  Scenes image(long id, int width, int height) {
    images.add(new CocoImage(id, id + ".jpg", width, height));
    return this;
  }

  Scenes category(long id) {
    categories.add(new CocoCategory(id, "category " + id, ""));
    return this;
  }

  /** A ground-truth box whose stored area is the box area. */
  Scenes box(long imageId, long categoryId, double x, double y, double w, double h) {
    return object(imageId, categoryId, Box.fromXywh(x, y, w, h), w * h, false);
  }

  /** A crowd region given as a box. */
  Scenes crowd(long imageId, long categoryId, double x, double y, double w, double h) {
    return object(imageId, categoryId, Box.fromXywh(x, y, w, h), w * h, true);
  }

  Scenes object(long imageId, long categoryId, Box box, double area, boolean crowd) {
    instances.add(
        new InstanceAnnotation(
            instances.size() + 1, imageId, categoryId, box, area, crowd, Optional.empty()));
    return this;
  }

  CocoDataset build() {
    return CocoDataset.of(images, categories, instances, List.of());
  }

  static CocoDetection detection(
      long imageId, long categoryId, double score, double x, double y, double w, double h) {
    return CocoDetection.ofBox(imageId, categoryId, score, Box.fromXywh(x, y, w, h));
  }
}
